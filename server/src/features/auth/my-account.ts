// "My keys" and "my sessions": what an agent sees and ends of their own access.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { SecurityKey, SessionSummary } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { sessions, webauthnCredentials } from './schema.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import type { SessionContext } from './sessions.ts';

export async function listKeys(database: Database, tenantId: string, agentId: string): Promise<SecurityKey[]> {
  const rows = await database.tenant(tenantId, (tx) =>
    tx.select().from(webauthnCredentials).where(eq(webauthnCredentials.agentId, agentId)).orderBy(webauthnCredentials.createdAt),
  );
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    backedUp: k.backedUp,
  }));
}

/** Revokes one key of an agent (by the agent, or by the helpdesk for a lost or locked key). */
export async function revokeKey(
  database: Database,
  input: { tenantId: string; agentId: string; keyId: string; actor: AuditActor; reason: string; requestId?: string | undefined },
): Promise<void> {
  await database.tenant(input.tenantId, async (tx) => {
    const [key] = await tx
      .select()
      .from(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, input.keyId), eq(webauthnCredentials.agentId, input.agentId)));
    if (!key) throw notFound('Clé introuvable.');
    if (key.revokedAt) throw conflict('Cette clé est déjà révoquée.');
    await tx
      .update(webauthnCredentials)
      .set({ revokedAt: new Date(), revokedBy: input.actor.type === 'agent' ? input.actor.id : null, revokedReason: input.reason })
      .where(eq(webauthnCredentials.id, key.id));
    // The directory entry stays: presenting a revoked key must still be found, and
    // refused as a strike (three strikes), not taken for an unknown key.
    // Sessions opened with that key end with it.
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.credentialId, key.id), isNull(sessions.revokedAt)));
    await recordAudit(tx, input.tenantId, {
      action: 'key.revoked',
      actor: input.actor,
      target: { type: 'agent', id: input.agentId },
      data: { credential: key.id, name: key.name, reason: input.reason },
      requestId: input.requestId,
    });
  });
}

export async function listSessions(database: Database, current: SessionContext, agentId = current.agentId): Promise<SessionSummary[]> {
  const rows = await database.tenant(current.tenantId, (tx) =>
    tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.agentId, agentId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
      .orderBy(desc(sessions.lastSeenAt)),
  );
  return rows
    .filter((s) => s.lastSeenAt.getTime() + s.idleTimeoutMs > Date.now())
    .map((s) => ({
      id: s.id,
      trust: s.trust,
      method: s.method,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      userAgent: s.userAgent,
      ip: s.ip,
      current: s.id === current.sessionId,
    }));
}

/** Ends sessions of an agent: one by id, or all of them. */
export async function endSessions(
  database: Database,
  input: { tenantId: string; agentId: string; sessionId?: string; actor: AuditActor; reason: string; requestId?: string | undefined },
): Promise<number> {
  return database.tenant(input.tenantId, async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(sessions.agentId, input.agentId),
          isNull(sessions.revokedAt),
          ...(input.sessionId ? [eq(sessions.id, input.sessionId)] : []),
        ),
      )
      .returning({ id: sessions.id });
    if (input.sessionId && ended.length === 0) throw notFound('Session introuvable ou déjà terminée.');
    await recordAudit(tx, input.tenantId, {
      action: 'session.revoked',
      actor: input.actor,
      target: { type: 'agent', id: input.agentId },
      data: { sessions: ended.map((s) => s.id), reason: input.reason },
      requestId: input.requestId,
    });
    return ended.length;
  });
}
