// Writes one audit event in the caller's transaction, so the record and the change it
// describes commit or roll back together (CONVENTIONS: the audit entry is written in the
// same transaction as the change).
//
// Steps:
//   1. lock the tenant's chain head (upsert … RETURNING takes the row lock and reads it);
//   2. hash the new event over the head's hash;
//   3. insert the event and move the head, in one statement.
// Writers of one tenant queue on the head row; tenants never wait for each other.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { queryRows } from '../../db/query-rows.ts';
import { GENESIS_HASH, hashEvent } from './hash-event.ts';

export type AuditActor =
  | { type: 'agent'; id: string }
  | { type: 'service'; id: string }
  | { type: 'system' }
  | { type: 'cli' };

export type AuditEntry = {
  action: string;
  actor: AuditActor;
  target?: { type: string; id: string };
  /** Never a secret: the audit trail is read by administrators. */
  data?: Record<string, unknown>;
  requestId?: string | undefined;
};

export async function recordAudit(tx: Tx, tenantId: string, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const [row] = await queryRows<{ seq: string | number; hash: string }>(tx, sql`
    INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (${tenantId}, 0, ${GENESIS_HASH})
    ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
    RETURNING seq, hash`);
  if (!row) throw new Error('audit chain head not returned');
  const fields = {
    tenantId,
    seq: Number(row.seq) + 1,
    id: randomUUID(),
    at: new Date(),
    actorType: entry.actor.type,
    actorId: 'id' in entry.actor ? entry.actor.id : null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    data: entry.data ?? {},
    requestId: entry.requestId ?? null,
  };
  const hash = hashEvent(row.hash, fields);
  await tx.execute(sql`
    WITH event AS (
      INSERT INTO audit_events (tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, data, request_id, prev_hash, hash)
      VALUES (${tenantId}, ${fields.seq}, ${fields.id}, ${fields.at.toISOString()}, ${fields.actorType}, ${fields.actorId},
              ${fields.action}, ${fields.targetType}, ${fields.targetId}, ${JSON.stringify(fields.data)}::jsonb,
              ${fields.requestId}, ${row.hash}, ${hash})
      RETURNING 1
    )
    UPDATE audit_heads SET seq = ${fields.seq}, hash = ${hash} WHERE tenant_id = ${tenantId}`);
  return { seq: fields.seq, hash };
}
