// Server-side sessions. The cookie holds `<tenant id>.<secret>`; the row holds the
// secret's SHA-256, the trust level of the device and the time of the last strong
// authentication (ARCHITECTURE.md: device trust and MFA freshness feed every access
// decision). Idle and absolute lifetimes bound every session.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { TrustLevel } from '@estran/contracts';
import { limits } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { sessions } from './schema.ts';
import { parseTenantToken, randomToken, sha256, tenantToken } from '../../platform/crypto.ts';
import type { AgentSession } from '../../platform/principal.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { sessionPrincipalJoin } from '../org/index.ts';

// RFC 6265bis §4.1.3.2: the __Host- prefix pins the cookie to this exact host, Secure,
// Path=/, no Domain. Browsers treat http://localhost as a secure context.
export const SESSION_COOKIE = '__Host-estran-session';

/** A session as loaded for a request: the agent principal's facts (platform/principal.ts). */
export type SessionContext = AgentSession;

/** A new session's identifiers: the cookie holds the secret, the row its hash. */
export function newSessionSecrets(tenantId: string, absoluteMs: number = limits.sessionAbsoluteMs) {
  const secret = randomToken();
  return {
    id: randomUUID(),
    cookie: tenantToken(tenantId, secret),
    secretHash: sha256(secret),
    csrfToken: randomToken(),
    expiresAt: new Date(Date.now() + absoluteMs),
  };
}

export async function createSession(
  tx: Tx,
  input: {
    tenantId: string;
    agentId: string;
    trust: TrustLevel;
    method: 'security-key' | 'password-totp';
    idleMs?: number;
    absoluteMs?: number;
    deviceId?: string | null;
    credentialId?: string | null;
    userAgent?: string | undefined;
    ip?: string | undefined;
    requestId?: string | undefined;
    actor: AuditActor;
  },
): Promise<{ cookie: string; sessionId: string; expiresAt: Date; csrfToken: string }> {
  const now = new Date();
  const { id, cookie, secretHash, csrfToken, expiresAt } = newSessionSecrets(input.tenantId, input.absoluteMs);
  const [row] = await tx
    .insert(sessions)
    .values({
      id,
      tenantId: input.tenantId,
      agentId: input.agentId,
      secretHash,
      csrfToken,
      trust: input.trust,
      authenticatedAt: now,
      idleTimeoutMs: input.idleMs ?? limits.sessionIdleMs,
      method: input.method,
      deviceId: input.deviceId ?? null,
      credentialId: input.credentialId ?? null,
      expiresAt,
      userAgent: input.userAgent?.slice(0, 400) ?? null,
      ip: input.ip ?? null,
    })
    .returning({ id: sessions.id });
  await recordAudit(tx, input.tenantId, {
    action: 'session.created',
    actor: input.actor,
    target: { type: 'agent', id: input.agentId },
    data: { session: row!.id, trust: input.trust, method: input.method, device: input.deviceId ?? null, ip: input.ip ?? null },
    requestId: input.requestId,
  });
  return { cookie, sessionId: row!.id, expiresAt, csrfToken };
}

/**
 * Finds the live session of a cookie value, or null; slides its idle deadline.
 * Every request runs it, so it stays one select across features: the session (auth's)
 * joined to its agent and tenant (org's, through org's sessionPrincipalJoin, exported for
 * this statement) — one round trip instead of three.
 */
export async function loadSession(database: Database, cookie: string): Promise<SessionContext | null> {
  const parsed = parseTenantToken(cookie);
  if (!parsed) return null;
  return database.tenant(parsed.tenantId, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .select({
        sessionId: sessions.id,
        ...sessionPrincipalJoin.columns,
        trust: sessions.trust,
        method: sessions.method,
        authenticatedAt: sessions.authenticatedAt,
        lastSeenAt: sessions.lastSeenAt,
        idleTimeoutMs: sessions.idleTimeoutMs,
        expiresAt: sessions.expiresAt,
        csrfToken: sessions.csrfToken,
      })
      .from(sessions)
      .innerJoin(sessionPrincipalJoin.agents, eq(sessionPrincipalJoin.agents.id, sessions.agentId))
      .innerJoin(sessionPrincipalJoin.tenants, eq(sessionPrincipalJoin.tenants.id, sessions.tenantId))
      .where(
        and(
          eq(sessions.secretHash, sha256(parsed.secret)),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, now),
        ),
      );
    if (!row || row.status !== 'active') return null;
    if (row.lastSeenAt.getTime() + row.idleTimeoutMs <= now.getTime()) return null;
    // Slide the idle deadline at most once a minute: one write per minute per session.
    if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
      await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
    }
    return {
      sessionId: row.sessionId,
      tenantId: parsed.tenantId,
      tenantName: row.tenantName,
      tenantTimeZone: row.tenantTimeZone,
      tenantLogoUpdatedAt: row.tenantLogoUpdatedAt,
      operator: row.operator,
      agentId: row.agentId,
      displayName: `${row.firstName} ${row.lastName}`,
      roles: row.roles,
      trust: row.trust,
      method: row.method,
      authenticatedAt: row.authenticatedAt,
      expiresAt: row.expiresAt,
      csrfToken: row.csrfToken,
    };
  });
}

export async function revokeSession(
  database: Database,
  session: SessionContext,
  input: { reason: string; requestId?: string | undefined },
): Promise<void> {
  await database.tenant(session.tenantId, async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.id, session.sessionId), isNull(sessions.revokedAt)));
    await recordAudit(tx, session.tenantId, {
      action: 'session.revoked',
      actor: { type: 'agent', id: session.agentId },
      target: { type: 'agent', id: session.agentId },
      data: { session: session.sessionId, reason: input.reason },
      requestId: input.requestId,
    });
  });
}
