// An administrator changes an agent (PATCH /api/admin/agents/{id}): any of the fields of
// contracts' updateAgentBody. Audited with each changed field's value before and after,
// roles included, in the same transaction as the change. Refused: one's own roles (403),
// the last active administrator's admin role (422 last_admin), an e-mail or external id
// another agent has (409), a unit or site of another tenant (404).
import { eq } from 'drizzle-orm';
import { changesOwnRoles, type Agent, type UpdateAgentBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { forbidden, notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { readAgent } from './agent-view.ts';
import { asConflict, checkPlacement, checkUnique, keepAnAdministrator } from './agent-rules.ts';
import { agents } from './schema.ts';

type Field = keyof UpdateAgentBody;
const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x) => b.includes(x)) : a === b;

export async function updateAgent(
  database: Database,
  input: { tenantId: string; agentId: string; changes: UpdateAgentBody; actor: AuditActor; requestId?: string | undefined },
): Promise<Agent> {
  return database
    .tenant(input.tenantId, async (tx) => {
      const before = await readAgent(tx, input.agentId);
      if (!before) throw notFound('Agent introuvable.');
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      const set: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(input.changes) as [Field, unknown][]) {
        if (value === undefined || same(value, before[field])) continue;
        changed[field] = { before: before[field], after: value };
        set[field] = value;
      }
      if (Object.keys(changed).length === 0) return before;
      if (changed.roles) {
        const after = input.changes.roles!;
        if (changesOwnRoles(input.actor.type === 'agent' ? input.actor.id : null, input.agentId, before.roles, after)) {
          throw forbidden('Vous ne pouvez pas changer vos propres rôles : demandez-le à un autre administrateur.');
        }
        await keepAnAdministrator(tx, before, { roles: after, status: before.status });
      }
      if (changed.unitId || changed.siteId) await checkPlacement(tx, { unitId: input.changes.unitId, siteId: input.changes.siteId });
      if (changed.email || changed.externalId) {
        await checkUnique(tx, { email: changed.email ? input.changes.email : undefined, externalId: changed.externalId ? input.changes.externalId : undefined }, input.agentId);
      }
      await tx
        .update(agents)
        .set({ ...set, updatedAt: new Date() })
        .where(eq(agents.id, input.agentId));
      await recordAudit(tx, input.tenantId, {
        action: 'agent.updated',
        actor: input.actor,
        target: { type: 'agent', id: input.agentId },
        data: { changes: changed },
        requestId: input.requestId,
      });
      return (await readAgent(tx, input.agentId))!;
    })
    .catch(asConflict);
}
