// Logging in (a security key, or password + TOTP) and the helpdesk's unblock code: public
// pre-session steps, each behind the Origin check; their own throttling runs inside.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endpoints, type UnblockBody, type UnblockResult } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { countLogin } from '../../platform/metrics.ts';
import { checkOrigin } from './guard.ts';
import { loginWithPasswordTotp } from './password-totp-login.ts';
import { redeemUnblockCode } from './redeem-unblock-code.ts';
import { openSession, requestMeta } from './session-cookie.ts';
import { loginOptions, verifyLogin } from './webauthn-login.ts';

const e = endpoints.auth;

async function originChecked(request: FastifyRequest): Promise<void> {
  checkOrigin(request);
}

export function loginRoutes(app: FastifyInstance) {
  const perMinute = () => app.config.authRatePerMinute;
  const guarded = { preHandler: originChecked };

  /** The agent's suspension or lock-out ends; they log in again. */
  async function unblock(request: FastifyRequest, body: UnblockBody): Promise<UnblockResult> {
    await redeemUnblockCode(app.database, body, requestMeta(request), perMinute());
    return { unblocked: true };
  }

  route(app, e.loginOptions, (request) => loginOptions(app.database, app.config, requestMeta(request), perMinute()), guarded);

  route(
    app,
    e.loginVerify,
    (request, reply) => openSession(request, reply, countLogin('security-key', verifyLogin(app.database, app.config, request.body, requestMeta(request), perMinute()))),
    guarded,
  );

  route(
    app,
    e.passwordTotpLogin,
    (request, reply) => openSession(request, reply, countLogin('password-totp', loginWithPasswordTotp(app.database, request.body, requestMeta(request), perMinute()))),
    guarded,
  );

  route(app, e.unblock, (request) => unblock(request, request.body), guarded);
}
