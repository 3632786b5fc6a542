// The helpdesk's endpoints (server/src/features/helpdesk): find an agent, read their
// file, and — for an agent the caller may act for — unblock code, enrolment, key
// revocation, ending sessions.
import { z } from 'zod';
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { emptyBody, idParams } from '../inputs.ts';
import { canUseHelpdesk } from '../policies/helpdesk.ts';
import {
  agentKeyParams,
  agentSessionsEnded,
  helpdeskAgentFile,
  helpdeskAgentPage,
  helpdeskAuthHistory,
  helpdeskAuthHistoryQuery,
  helpdeskAgentQuery,
  issuedEnrolment,
  issuedUnblockCode,
  issueEnrolmentBody,
  issueUnblockCodeBody,
  resetPasswordTotpBody,
  revokeAgentKeyBody,
} from './schemas.ts';

const tags = ['helpdesk'];
const denials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };

export const helpdeskEndpoints = {
  searchAgents: endpoint({
    method: 'GET',
    path: '/api/helpdesk/agents',
    tags,
    summary: 'Find an agent (name, e-mail, phone)',
    access: 'session',
    policy: canUseHelpdesk,
    query: helpdeskAgentQuery,
    responses: { 200: helpdeskAgentPage, ...denials },
  }),
  agentFile: endpoint({
    method: 'GET',
    path: '/api/helpdesk/agents/:id',
    tags,
    summary: 'An agent’s file: status, keys, sessions, required identity checks',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    responses: { 200: helpdeskAgentFile, ...denials },
  }),
  authHistory: endpoint({
    method: 'GET',
    path: '/api/helpdesk/agents/:id/history',
    tags,
    summary: 'An agent’s recent logins and login failures (with their reason), suspensions, lockouts and unblocks, newest first',
    description: 'Read from the audit trail (auth.login is shown through session.created, with the browser of the session).',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    query: helpdeskAuthHistoryQuery,
    responses: { 200: helpdeskAuthHistory, ...denials },
  }),
  resetPasswordTotp: endpoint({
    method: 'POST',
    path: '/api/helpdesk/agents/:id/password-totp/reset',
    tags,
    summary: 'Reset the authenticator app: the agent’s password + TOTP are revoked and a new password + TOTP enrolment is issued',
    description:
      'After the identity checks the tenant requires, for an agent the caller may act for; the sessions opened with password + TOTP end. Audited (helpdesk.password_totp_reset, enrolment.created).',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    body: resetPasswordTotpBody,
    responses: { 201: issuedEnrolment, ...denials },
  }),
  issueUnblockCode: endpoint({
    method: 'POST',
    path: '/api/helpdesk/agents/:id/unblock-code',
    tags,
    summary: 'Issue a single-use unblock code after the identity check',
    description: '10 characters, valid 15 minutes, void after 3 wrong tries; shown once (read out) or sent by SMS to the mobile on file.',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    body: issueUnblockCodeBody,
    responses: { 201: issuedUnblockCode, ...denials },
  }),
  revokeKey: endpoint({
    method: 'POST',
    path: '/api/helpdesk/agents/:id/keys/:keyId/revoke',
    tags,
    summary: 'Revoke an agent’s key (lost, locked by wrong PINs)',
    access: 'session',
    policy: canUseHelpdesk,
    params: agentKeyParams,
    body: revokeAgentKeyBody,
    responses: { 204: z.null(), ...denials },
  }),
  issueEnrolment: endpoint({
    method: 'POST',
    path: '/api/helpdesk/agents/:id/enrolments',
    tags,
    summary: 'Issue an enrolment invitation: a spare or new key, or password + TOTP for a personal computer',
    description:
      'After the identity checks the tenant requires, as for an unblock code; only for agents whose roles are agent or manager, unless the caller is an administrator.',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    body: issueEnrolmentBody,
    responses: { 201: issuedEnrolment, ...denials },
  }),
  endSessions: endpoint({
    method: 'POST',
    path: '/api/helpdesk/agents/:id/sessions/revoke',
    tags,
    summary: 'End all sessions of an agent',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    body: emptyBody,
    responses: { 200: agentSessionsEnded, ...denials },
  }),
};
