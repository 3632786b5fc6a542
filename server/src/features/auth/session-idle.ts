// The current session's idle deadline, for the web client's warning before it ends
// (RGAA 13.1, issue 17): read it, or extend it from now (« Prolonger »). loadSession has
// already refused a session past its deadline and slid a stale one (sessions.ts), so the
// row read here is live. Extending writes last_seen_at even within the minute loadSession
// leaves alone: the agent asked for it. Not audited: it changes no personal data and
// loadSession's own sliding is not either.
import type { FastifyInstance } from 'fastify';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { endpoints, type SessionIdle } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { unauthenticated } from '../../platform/http-errors.ts';
import { route } from '../../platform/endpoint.ts';
import type { AgentSession } from '../../platform/principal.ts';
import { sessions } from './schema.ts';

async function idleOf(database: Database, session: AgentSession, extend: boolean): Promise<SessionIdle> {
  return database.tenant(session.tenantId, async (tx) => {
    const live = and(eq(sessions.id, session.sessionId), isNull(sessions.revokedAt));
    const [row] = extend
      ? await tx.update(sessions).set({ lastSeenAt: sql`now()` }).where(live).returning({ lastSeenAt: sessions.lastSeenAt, idleTimeoutMs: sessions.idleTimeoutMs, expiresAt: sessions.expiresAt, now: sql<Date>`now()` })
      : await tx.select({ lastSeenAt: sessions.lastSeenAt, idleTimeoutMs: sessions.idleTimeoutMs, expiresAt: sessions.expiresAt, now: sql<Date>`now()` }).from(sessions).where(live);
    if (!row) throw unauthenticated('Votre session a pris fin. Reconnectez-vous.');
    const now = new Date(row.now);
    // The session ends at whichever comes first: the idle deadline or its absolute end.
    const idleEnd = Math.min(row.lastSeenAt.getTime() + row.idleTimeoutMs, row.expiresAt.getTime());
    return {
      idleTimeoutMs: row.idleTimeoutMs,
      idleRemainingMs: Math.max(0, idleEnd - now.getTime()),
      idleExpiresAt: new Date(idleEnd).toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    };
  });
}

export const readSessionIdle = (database: Database, session: AgentSession) => idleOf(database, session, false);
export const extendSession = (database: Database, session: AgentSession) => idleOf(database, session, true);

export function sessionIdleRoutes(app: FastifyInstance) {
  route(app, endpoints.auth.sessionIdle, (request) => readSessionIdle(app.database, request.principal));
  route(app, endpoints.auth.extendSession, (request) => extendSession(app.database, request.principal));
}
