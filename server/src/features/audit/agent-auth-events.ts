// One agent's authentication story as the audit trail holds it, for the helpdesk's file:
// the events whose target is that agent and whose action is one of `actions` (logins,
// strikes, failures, suspensions, lockouts, unblocks), newest first, paged. The index
// audit_events_target (tenant_id, target_type, target_id) of migration 0001 finds them.
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { auditEvents } from './schema.ts';

export type AgentAuthEvent = { id: string; at: Date; action: string; actorId: string | null; data: Record<string, unknown> };

export async function agentAuthEvents(
  tx: Tx,
  agentId: string,
  input: { actions: readonly string[]; page: number; pageSize: number },
): Promise<{ rows: AgentAuthEvent[]; total: number }> {
  const where = and(eq(auditEvents.targetType, 'agent'), eq(auditEvents.targetId, agentId), inArray(auditEvents.action, [...input.actions]));
  const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(auditEvents).where(where);
  const rows = await tx
    .select({ id: auditEvents.id, at: auditEvents.at, action: auditEvents.action, actorId: auditEvents.actorId, data: auditEvents.data })
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return { rows, total };
}
