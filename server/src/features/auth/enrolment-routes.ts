// Enrolling: a security key (from an invitation, or a further key with a live session)
// or password + TOTP (from an invitation). Public pre-session steps behind the Origin
// check and the address's throttle (guardPreSession).
import type { FastifyInstance } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { enrolmentInfo } from './enrolment-info.ts';
import { guardPreSession } from './guard.ts';
import { keyRegistrant, requireInvitationOrSession } from './key-registrant.ts';
import { enrolPasswordTotp, totpSetup } from './password-totp-enrolment.ts';
import { registrationOptions, verifyRegistration } from './webauthn-registration.ts';

const e = endpoints.auth;

export function enrolmentRoutes(app: FastifyInstance) {
  const preSession = { preHandler: guardPreSession };
  const keyRegistration = { preHandler: [guardPreSession, requireInvitationOrSession] };

  route(app, e.registerOptions, (request) => registrationOptions(app.database, app.config, keyRegistrant(request, request.body?.enrolmentToken)), keyRegistration);

  route(
    app,
    e.registerVerify,
    (request) =>
      verifyRegistration(app.database, app.config, keyRegistrant(request, request.body.enrolmentToken), {
        response: request.body.response,
        name: request.body.name,
        requestId: request.id,
      }),
    keyRegistration,
  );

  route(app, e.enrolmentInfo, (request) => enrolmentInfo(app.database, request.body.token), preSession);
  route(app, e.totpEnrolOptions, (request) => totpSetup(app.database, { enrolmentToken: request.body.enrolmentToken }), preSession);
  route(app, e.totpEnrol, (request) => enrolPasswordTotp(app.database, { ...request.body, requestId: request.id }), preSession);
}
