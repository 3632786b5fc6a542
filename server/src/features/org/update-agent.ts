// An administrator changes an agent (PATCH /api/admin/agents/{id}). Today one field, the
// preferred language; the directory issue adds the others to contracts' updateAgentBody
// and here. Audited with each changed field's value before and after, in the same
// transaction as the change.
import { eq } from 'drizzle-orm';
import type { Agent, UpdateAgentBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { readAgent } from './agent-view.ts';
import { agents } from './schema.ts';

export async function updateAgent(
  database: Database,
  input: { tenantId: string; agentId: string; changes: UpdateAgentBody; actor: AuditActor; requestId?: string | undefined },
): Promise<Agent> {
  return database.tenant(input.tenantId, async (tx) => {
    const before = await readAgent(tx, input.agentId);
    if (!before) throw notFound('Agent introuvable.');
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    if (input.changes.preferredLanguage !== undefined && input.changes.preferredLanguage !== before.preferredLanguage) {
      changed.preferredLanguage = { before: before.preferredLanguage, after: input.changes.preferredLanguage };
    }
    if (Object.keys(changed).length === 0) return before;
    await tx
      .update(agents)
      .set({ ...(changed.preferredLanguage ? { preferredLanguage: input.changes.preferredLanguage ?? null } : {}), updatedAt: new Date() })
      .where(eq(agents.id, input.agentId));
    await recordAudit(tx, input.tenantId, {
      action: 'agent.updated',
      actor: input.actor,
      target: { type: 'agent', id: input.agentId },
      data: { changes: changed },
      requestId: input.requestId,
    });
    return (await readAgent(tx, input.agentId))!;
  });
}
