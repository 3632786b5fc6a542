// The authentication endpoints (server/src/features/auth): logging in with a security
// key or with password + TOTP, enrolling a key or password + TOTP from an invitation,
// the helpdesk's unblock code, the current session and the agent's own keys and sessions.
// The pre-session steps are public: the server adds the Origin check (and, for the
// enrolment steps, the address's throttle) where it registers them.
import { z } from 'zod';
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { emptyBody, idParams } from '../inputs.ts';
import {
  authenticationResponseJSON,
  authFailure,
  enrolmentInfoBody,
  enrolmentInfoResult,
  enrolPasswordTotpBody,
  enrolPasswordTotpResult,
  loginResult,
  passwordTotpBody,
  publicKeyCredentialCreationOptionsJSON,
  publicKeyCredentialRequestOptionsJSON,
  registerOptionsBody,
  registerVerifyBody,
  registerVerifyResult,
  securityKeyList,
  sessionList,
  totpSetupBody,
  totpSetupResult,
  unblockBody,
  unblockResult,
} from './schemas.ts';
import { sessionInfo } from './session.ts';
import { sessionIdle } from './session-idle.ts';

const tags = ['auth'];
const failures = { 400: authFailure, 401: authFailure, 403: authFailure, 423: authFailure, 429: authFailure };
const invitationFailures = { 400: apiError, 403: apiError, 404: apiError, 410: apiError };

export const authEndpoints = {
  // Logging in.
  loginOptions: endpoint({
    method: 'POST',
    path: '/api/auth/webauthn/login/options',
    tags,
    summary: 'Start a login with a security key (discoverable credential, no identifier)',
    description: 'PublicKeyCredentialRequestOptionsJSON. The challenge is single use, valid 2 minutes, stored server-side.',
    access: 'public',
    body: emptyBody,
    responses: { 200: publicKeyCredentialRequestOptionsJSON, ...failures },
  }),
  loginVerify: endpoint({
    method: 'POST',
    path: '/api/auth/webauthn/login/verify',
    tags,
    summary: 'Finish a login with a security key',
    description: 'Body: AuthenticationResponseJSON. 401 never says why; three rejected assertions for one agent’s key suspend the agent (423).',
    access: 'public',
    body: authenticationResponseJSON,
    responses: { 200: loginResult, ...failures },
  }),
  passwordTotpLogin: endpoint({
    method: 'POST',
    path: '/api/auth/password-totp/verify',
    tags,
    summary: 'Login from a personal computer: password AND TOTP code (trust level "personal")',
    description: 'Never says which factor was wrong. A right password with a wrong code is a strike; wrong passwords only slow down.',
    access: 'public',
    body: passwordTotpBody,
    responses: { 200: loginResult, ...failures },
  }),
  unblock: endpoint({
    method: 'POST',
    path: '/api/auth/unblock',
    tags,
    summary: 'Enter the unblock code given by the helpdesk',
    description: 'The agent must then log in again. Single use, 15 minutes, void after 3 wrong tries.',
    access: 'public',
    body: unblockBody,
    responses: { 200: unblockResult, ...failures },
  }),

  // Enrolling: a security key (from an invitation, or a further key with a fresh session), or password + TOTP.
  registerOptions: endpoint({
    method: 'POST',
    path: '/api/auth/webauthn/register/options',
    tags,
    summary: 'Start enrolling a security key (invitation token, or a fresh session for a further key)',
    access: 'public',
    body: registerOptionsBody.optional(),
    responses: { 200: publicKeyCredentialCreationOptionsJSON, ...failures, 404: apiError, 410: apiError },
  }),
  registerVerify: endpoint({
    method: 'POST',
    path: '/api/auth/webauthn/register/verify',
    tags,
    summary: 'Finish enrolling a security key',
    access: 'public',
    body: registerVerifyBody,
    responses: { 201: registerVerifyResult, ...failures, 404: apiError, 410: apiError },
  }),
  enrolmentInfo: endpoint({
    method: 'POST',
    path: '/api/auth/enrolment/info',
    tags,
    summary: 'What an enrolment invitation is for (security key, or password + TOTP)',
    access: 'public',
    body: enrolmentInfoBody,
    responses: { 200: enrolmentInfoResult, ...invitationFailures },
  }),
  totpEnrolOptions: endpoint({
    method: 'POST',
    path: '/api/auth/password-totp/enrol/options',
    tags,
    summary: 'Start setting up password + TOTP from an invitation: a new TOTP secret and its otpauth:// URI',
    access: 'public',
    body: totpSetupBody,
    responses: { 200: totpSetupResult, ...invitationFailures },
  }),
  totpEnrol: endpoint({
    method: 'POST',
    path: '/api/auth/password-totp/enrol',
    tags,
    summary: 'Finish setting up password + TOTP: the password (judged by zxcvbn-ts) and a first code from the app',
    access: 'public',
    body: enrolPasswordTotpBody,
    responses: { 201: enrolPasswordTotpResult, ...invitationFailures },
  }),

  // The session.
  session: endpoint({
    method: 'GET',
    path: '/api/auth/session',
    tags,
    summary: 'The current session',
    access: 'session',
    responses: { 200: sessionInfo, 401: apiError },
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    tags,
    summary: 'End the current session',
    access: 'session',
    body: emptyBody,
    responses: { 204: z.null(), 401: apiError, 403: apiError },
  }),
  // The idle deadline: read it (which, as any request, slides it at most once a minute) to
  // warn before it; extend it at once (the warning's « Prolonger »).
  sessionIdle: endpoint({
    method: 'GET',
    path: '/api/auth/session/idle',
    tags,
    summary: 'When the current session ends for inactivity',
    access: 'session',
    responses: { 200: sessionIdle, 401: apiError },
  }),
  extendSession: endpoint({
    method: 'POST',
    path: '/api/auth/session/extend',
    tags,
    summary: 'Extend the current session: its idle deadline starts again from now',
    access: 'session',
    body: emptyBody,
    responses: { 200: sessionIdle, 401: apiError, 403: apiError },
  }),

  // My account: my keys and my sessions.
  listKeys: endpoint({
    method: 'GET',
    path: '/api/auth/keys',
    tags,
    summary: 'My security keys',
    access: 'session',
    responses: { 200: securityKeyList, 401: apiError },
  }),
  revokeKey: endpoint({
    method: 'POST',
    path: '/api/auth/keys/:id/revoke',
    tags,
    summary: 'Revoke one of my keys (lost, broken)',
    access: 'session',
    params: idParams,
    body: emptyBody,
    responses: { 204: z.null(), 401: apiError, 403: apiError, 404: apiError, 409: apiError },
  }),
  listSessions: endpoint({
    method: 'GET',
    path: '/api/auth/sessions',
    tags,
    summary: 'My open sessions',
    access: 'session',
    responses: { 200: sessionList, 401: apiError },
  }),
  revokeSession: endpoint({
    method: 'POST',
    path: '/api/auth/sessions/:id/revoke',
    tags,
    summary: 'End one of my sessions',
    access: 'session',
    params: idParams,
    body: emptyBody,
    responses: { 204: z.null(), 401: apiError, 403: apiError, 404: apiError },
  }),
};
