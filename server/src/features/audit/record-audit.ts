// Records audit events in the caller's transaction, so the record and the change it
// describes commit or roll back together (CONVENTIONS: the audit entry is written in the
// same transaction as the change).
//
// Events are collected during the transaction and appended as one batch just before
// COMMIT (db/client.ts beforeCommit) by the SQL function audit_append (db/functions/audit_chain.sql):
// it locks the tenant's chain head, hashes each event over the previous one, inserts
// them and moves the head, in one statement. Writers of one tenant queue on the head
// row for that statement and the commit only; tenants never wait for each other.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeCommit, type Tx } from '../../db/client.ts';

import type { AuditActor } from '../../platform/principal.ts';

export type { AuditActor };

export type AuditEntry = {
  action: string;
  actor: AuditActor;
  target?: { type: string; id: string };
  /** Never a secret: the audit trail is read by administrators. */
  data?: Record<string, unknown>;
  requestId?: string | undefined;
};

/** An event as audit_append reads it. */
export type AuditEventJson = {
  id: string;
  at: string;
  actorType: AuditActor['type'];
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
};

export function auditEvent(entry: AuditEntry): AuditEventJson {
  return {
    id: randomUUID(),
    at: new Date().toISOString(),
    actorType: entry.actor.type,
    actorId: 'id' in entry.actor ? entry.actor.id : null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    data: entry.data ?? {},
    requestId: entry.requestId ?? null,
  };
}

const pendingByTx = new WeakMap<Tx, Map<string, AuditEventJson[]>>();

export async function recordAudit(tx: Tx, tenantId: string, entry: AuditEntry): Promise<void> {
  let byTenant = pendingByTx.get(tx);
  if (!byTenant) pendingByTx.set(tx, (byTenant = new Map()));
  let pending = byTenant.get(tenantId);
  if (!pending) byTenant.set(tenantId, (pending = []));
  pending.push(auditEvent(entry));
  const events = pending;
  beforeCommit(tx, `audit:${tenantId}`, async () => {
    await tx.execute(sql`select audit_append(${tenantId}::uuid, ${JSON.stringify(events)}::jsonb)`);
  });
}
