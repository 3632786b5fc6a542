// How a session is shown to the browser: the session cookie set at login (the browser's
// previous session ends: rotation), cleared at logout, and the session as the web reads it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defaultTimeZone, organisationLogoUrl, type LoginResult, type SessionInfo } from '@estran/contracts';
import type { AgentSession } from '../../platform/principal.ts';
import { DEVICE_COOKIE } from './device-trust.ts';
import { loadSession, revokeSession, SESSION_COOKIE, type SessionContext } from './sessions.ts';
import type { RequestMeta } from './webauthn-login.ts';

const cookieOptions = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' as const };

/** The current session as GET /api/auth/session answers it. */
export function presentSession(s: AgentSession): SessionInfo {
  return {
    agent: {
      id: s.agentId,
      displayName: s.displayName,
      tenant: {
        id: s.tenantId,
        name: s.tenantName,
        operator: s.operator,
        timeZone: s.tenantTimeZone ?? defaultTimeZone,
        logoUrl: s.tenantLogoUpdatedAt ? organisationLogoUrl(s.tenantId, s.tenantLogoUpdatedAt) : null,
      },
      roles: s.roles,
    },
    trust: s.trust,
    authenticatedAt: s.authenticatedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    csrfToken: s.csrfToken,
  };
}

/** What the login flows record of the request (throttling, strikes, the audit trail, device trust). */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
    deviceCookie: request.cookies[DEVICE_COOKIE],
  };
}

/** Login succeeded: the previous session of this browser ends (rotation), the new one is set. */
export async function openSession(
  request: FastifyRequest,
  reply: FastifyReply,
  login: Promise<{ cookie: string; context: SessionContext }>,
): Promise<LoginResult> {
  const { cookie, context } = await login;
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

/** Logout: the session ends and its cookie is cleared. */
export async function closeSession(request: FastifyRequest, reply: FastifyReply, session: SessionContext): Promise<void> {
  await revokeSession(request.server.database, session, { reason: 'logout', requestId: request.id });
  reply.clearCookie(SESSION_COOKIE, cookieOptions);
}
