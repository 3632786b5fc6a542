// Who enrols a security key: the holder of an invitation, or — for a further key without
// one — the agent of a live session. A session used here needs its CSRF token like any
// other (issue 15, finding 10: registering a further key skipped it).
import type { FastifyRequest } from 'fastify';
import { agentPrincipal, type AgentPrincipal } from '../../platform/principal.ts';
import { unauthenticated } from '../../platform/http-errors.ts';
import { checkCsrf } from './guard.ts';
import { loadSession, SESSION_COOKIE } from './sessions.ts';

type RegistrationRequest = FastifyRequest<{ Body: { enrolmentToken?: string | undefined } | undefined }>;

/**
 * The registration steps' guard, after the pre-session one: without an invitation token,
 * the request must carry a live session (then `request.principal` is its agent), else 401.
 */
export async function requireInvitationOrSession(request: FastifyRequest): Promise<void> {
  if ((request as RegistrationRequest).body?.enrolmentToken) return;
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await loadSession(request.server.database, cookie) : null;
  if (session) checkCsrf(request, session);
  if (!session) throw unauthenticated('Un lien d’enrôlement ou une session est nécessaire pour enregistrer une clé.');
  request.principal = agentPrincipal(session);
}

/** The registrant requireInvitationOrSession let through: the invitation, or the session's agent. */
export function keyRegistrant(request: { principal: FastifyRequest['principal'] }, enrolmentToken: string | undefined): { enrolmentToken: string } | { session: AgentPrincipal } {
  if (enrolmentToken) return { enrolmentToken };
  const principal = request.principal;
  if (principal?.kind !== 'agent') throw unauthenticated('Un lien d’enrôlement ou une session est nécessaire pour enregistrer une clé.');
  return { session: principal };
}
