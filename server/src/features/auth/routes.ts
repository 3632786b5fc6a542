import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiError,
  authenticationResponseJSON,
  authFailure,
  loginResult,
  passwordTotpBody,
  publicKeyCredentialCreationOptionsJSON,
  publicKeyCredentialRequestOptionsJSON,
  registerOptionsBody,
  registerVerifyBody,
  registerVerifyResult,
  securityKey,
  sessionInfo,
  sessionSummary,
  text,
  unblockBody,
} from '@estran/contracts';
import { unauthenticated } from '../../platform/http-errors.ts';
import { countLogin } from '../../platform/metrics.ts';
import { DEVICE_COOKIE } from './device-trust.ts';
import { checkCsrf, checkOrigin, guardPreSession, requireSession } from './guard.ts';
import { endSessions, listKeys, listSessions, revokeKey } from './my-account.ts';
import { loginWithPasswordTotp } from './password-totp-login.ts';
import { enrolmentInfo } from './enrolment-info.ts';
import { enrolPasswordTotp, totpSetup } from './password-totp-enrolment.ts';
import { redeemUnblockCode } from './redeem-unblock-code.ts';
import { loadSession, revokeSession, SESSION_COOKIE, type SessionContext } from './sessions.ts';
import { loginOptions, verifyLogin, type RequestMeta } from './webauthn-login.ts';
import { registrationOptions, verifyRegistration } from './webauthn-registration.ts';

export function presentSession(s: SessionContext) {
  return {
    agent: {
      id: s.agentId,
      displayName: s.displayName,
      tenant: { id: s.tenantId, name: s.tenantName, operator: s.operator },
      roles: s.roles,
    },
    trust: s.trust,
    authenticatedAt: s.authenticatedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    csrfToken: s.csrfToken,
  };
}

const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' as const };

function meta(request: FastifyRequest): RequestMeta {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
    deviceCookie: request.cookies[DEVICE_COOKIE],
  };
}

/** Login succeeded: the previous session of this browser ends (rotation), the new one is set. */
async function startSession(request: FastifyRequest, reply: FastifyReply, cookie: string, context: SessionContext) {
  const previous = request.cookies[SESSION_COOKIE];
  if (previous) {
    const old = await loadSession(request.server.database, previous).catch(() => null);
    if (old) await revokeSession(request.server.database, old, { reason: 'rotated_at_login', requestId: request.id });
  }
  reply.setCookie(SESSION_COOKIE, cookie, { ...cookieOptions, expires: context.expiresAt });
  return {
    agent: { id: context.agentId, displayName: context.displayName, tenant: context.tenantId },
    trust: context.trust,
    expiresAt: context.expiresAt.toISOString(),
  };
}

/**
 * A session if the request carries a live one, else null (adding a key without an
 * invitation). A session used here needs its CSRF token like any other (issue 15,
 * finding 10: registering a further key skipped it).
 */
async function optionalSession(request: FastifyRequest): Promise<SessionContext | null> {
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await loadSession(request.server.database, cookie) : null;
  if (session) checkCsrf(request, session);
  return session;
}

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const failures = { 400: authFailure, 401: authFailure, 403: authFailure, 423: authFailure, 429: authFailure };
  const perMinute = () => app.config.authRatePerMinute;
  const tags = ['auth'];
  const security = [{ session: [] }];

  r.post(
    '/api/auth/webauthn/login/options',
    {
      schema: {
        tags,
        summary: 'Start a login with a security key (discoverable credential, no identifier)',
        description: 'PublicKeyCredentialRequestOptionsJSON. The challenge is single use, valid 2 minutes, stored server-side.',
        body: z.object({}).passthrough().optional(),
        response: { 200: publicKeyCredentialRequestOptionsJSON, ...failures },
      },
    },
    async (request) => {
      checkOrigin(request);
      return loginOptions(app.database, app.config, meta(request), perMinute());
    },
  );

  r.post(
    '/api/auth/webauthn/login/verify',
    {
      schema: {
        tags,
        summary: 'Finish a login with a security key',
        description:
          'Body: AuthenticationResponseJSON. 401 never says why; three rejected assertions for one agent’s key suspend the agent (423).',
        body: authenticationResponseJSON,
        response: { 200: loginResult, ...failures },
      },
    },
    async (request, reply) => {
      checkOrigin(request);
      const { cookie, context } = await countLogin('security-key', verifyLogin(app.database, app.config, request.body, meta(request), perMinute()));
      return startSession(request, reply, cookie, context);
    },
  );

  r.post(
    '/api/auth/webauthn/register/options',
    {
      schema: {
        tags,
        summary: 'Start enrolling a security key (invitation token, or a fresh session for a further key)',
        body: registerOptionsBody.optional(),
        response: { 200: publicKeyCredentialCreationOptionsJSON, ...failures, 404: apiError, 410: apiError },
      },
    },
    async (request) => {
      await guardPreSession(request);
      const token = request.body?.enrolmentToken;
      if (token) return registrationOptions(app.database, app.config, { enrolmentToken: token });
      const session = await optionalSession(request);
      if (!session) throw unauthenticated('Un lien d’enrôlement ou une session est nécessaire pour enregistrer une clé.');
      return registrationOptions(app.database, app.config, { session });
    },
  );

  r.post(
    '/api/auth/webauthn/register/verify',
    {
      schema: {
        tags,
        summary: 'Finish enrolling a security key',
        body: registerVerifyBody,
        response: { 201: registerVerifyResult, ...failures, 404: apiError, 410: apiError },
      },
    },
    async (request, reply) => {
      await guardPreSession(request);
      const { enrolmentToken, name, response } = request.body;
      let who: { enrolmentToken: string } | { session: SessionContext };
      if (enrolmentToken) who = { enrolmentToken };
      else {
        const session = await optionalSession(request);
        if (!session) throw unauthenticated('Un lien d’enrôlement ou une session est nécessaire pour enregistrer une clé.');
        who = { session };
      }
      const result = await verifyRegistration(app.database, app.config, who, { response, name, requestId: request.id });
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/api/auth/password-totp/verify',
    {
      schema: {
        tags,
        summary: 'Login from a personal computer: password AND TOTP code (trust level "personal")',
        description: 'Never says which factor was wrong. A right password with a wrong code is a strike; wrong passwords only slow down.',
        body: passwordTotpBody,
        response: { 200: loginResult, ...failures },
      },
    },
    async (request, reply) => {
      checkOrigin(request);
      const { cookie, context } = await countLogin('password-totp', loginWithPasswordTotp(app.database, request.body, meta(request), perMinute()));
      return startSession(request, reply, cookie, context);
    },
  );

  r.post(
    '/api/auth/enrolment/info',
    {
      schema: {
        tags,
        summary: 'What an enrolment invitation is for (security key, or password + TOTP)',
        body: z.object({ token: text().min(20).max(200) }),
        response: {
          200: z.object({ purpose: z.enum(['first-admin', 'security-key', 'password-totp']), displayName: z.string(), login: z.string(), expiresAt: z.iso.datetime() }),
          400: apiError,
          403: apiError,
          404: apiError,
          410: apiError,
        },
      },
    },
    async (request) => {
      await guardPreSession(request);
      return enrolmentInfo(app.database, request.body.token);
    },
  );

  r.post(
    '/api/auth/password-totp/enrol/options',
    {
      schema: {
        tags,
        summary: 'Start setting up password + TOTP from an invitation: a new TOTP secret and its otpauth:// URI',
        body: z.object({ enrolmentToken: text().min(20).max(200) }),
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), login: z.string() }), 400: apiError, 403: apiError, 404: apiError, 410: apiError },
      },
    },
    async (request) => {
      await guardPreSession(request);
      return totpSetup(app.database, { enrolmentToken: request.body.enrolmentToken });
    },
  );

  r.post(
    '/api/auth/password-totp/enrol',
    {
      schema: {
        tags,
        summary: 'Finish setting up password + TOTP: the password (judged by zxcvbn-ts) and a first code from the app',
        body: z.object({
          enrolmentToken: text().min(20).max(200),
          password: text({ multiline: true }).min(1).max(256),
          totpSecret: text().max(64),
          code: text().trim().regex(/^\d{6}$/, '6 chiffres'),
        }),
        response: { 201: z.object({ login: z.string() }), 400: apiError, 403: apiError, 404: apiError, 410: apiError },
      },
    },
    async (request, reply) => {
      await guardPreSession(request);
      const result = await enrolPasswordTotp(app.database, { ...request.body, requestId: request.id });
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/api/auth/unblock',
    {
      schema: {
        tags,
        summary: 'Enter the unblock code given by the helpdesk',
        description: 'The agent must then log in again. Single use, 15 minutes, void after 3 wrong tries.',
        body: unblockBody,
        response: { 200: z.object({ unblocked: z.literal(true) }), ...failures },
      },
    },
    async (request) => {
      checkOrigin(request);
      await redeemUnblockCode(app.database, request.body, meta(request), perMinute());
      return { unblocked: true as const };
    },
  );

  r.get(
    '/api/auth/session',
    { schema: { tags, summary: 'The current session', security, response: { 200: sessionInfo, 401: apiError } }, preHandler: requireSession },
    async (request) => presentSession(request.session!),
  );

  r.post(
    '/api/auth/logout',
    {
      schema: { tags, summary: 'End the current session', security, body: z.object({}).passthrough().optional(), response: { 204: z.null(), 401: apiError, 403: apiError } },
      preHandler: requireSession,
    },
    async (request, reply) => {
      await revokeSession(app.database, request.session!, { reason: 'logout', requestId: request.id });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/auth/keys',
    { schema: { tags, summary: 'My security keys', security, response: { 200: z.object({ keys: z.array(securityKey) }), 401: apiError } }, preHandler: requireSession },
    async (request) => ({ keys: await listKeys(app.database, request.session!.tenantId, request.session!.agentId) }),
  );

  r.post(
    '/api/auth/keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke one of my keys (lost, broken)',
        security,
        params: z.object({ id: z.uuid() }),
        body: z.object({}).passthrough().optional(),
        response: { 204: z.null(), 401: apiError, 403: apiError, 404: apiError, 409: apiError },
      },
      preHandler: requireSession,
    },
    async (request, reply) => {
      const s = request.session!;
      await revokeKey(app.database, { tenantId: s.tenantId, agentId: s.agentId, keyId: request.params.id, actor: { type: 'agent', id: s.agentId }, reason: 'revoked_by_owner', requestId: request.id });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/auth/sessions',
    { schema: { tags, summary: 'My open sessions', security, response: { 200: z.object({ sessions: z.array(sessionSummary) }), 401: apiError } }, preHandler: requireSession },
    async (request) => ({ sessions: await listSessions(app.database, request.session!) }),
  );

  r.post(
    '/api/auth/sessions/:id/revoke',
    {
      schema: {
        tags,
        summary: 'End one of my sessions',
        security,
        params: z.object({ id: z.uuid() }),
        body: z.object({}).passthrough().optional(),
        response: { 204: z.null(), 401: apiError, 403: apiError, 404: apiError },
      },
      preHandler: requireSession,
    },
    async (request, reply) => {
      const s = request.session!;
      await endSessions(app.database, { tenantId: s.tenantId, agentId: s.agentId, sessionId: request.params.id, actor: { type: 'agent', id: s.agentId }, reason: 'ended_by_owner', requestId: request.id });
      return reply.code(204).send(null);
    },
  );
}
