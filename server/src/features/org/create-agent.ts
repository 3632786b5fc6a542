// An administrator creates an agent (POST /api/admin/agents), audited in the same
// transaction. The agent then needs an enrolment, which the administrator creates as today.
import type { CreateAgentBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { asConflict, checkPlacement, checkUnique } from './agent-rules.ts';
import { agents } from './schema.ts';

export async function createAgent(
  database: Database,
  input: { tenantId: string; agent: CreateAgentBody; actor: AuditActor; requestId?: string | undefined },
): Promise<{ id: string }> {
  const a = input.agent;
  return database
    .tenant(input.tenantId, async (tx) => {
      await checkPlacement(tx, a);
      await checkUnique(tx, a);
      const values = {
        tenantId: input.tenantId,
        email: a.email,
        firstName: a.firstName,
        lastName: a.lastName,
        component: a.component,
        unitId: a.unitId ?? null,
        siteId: a.siteId ?? null,
        roles: a.roles ?? ['agent'],
        personalEmail: a.personalEmail ?? null,
        professionalPhone: a.professionalPhone ?? null,
        mobilePhone: a.mobilePhone ?? null,
        externalId: a.externalId ?? null,
        nomadic: a.nomadic ?? false,
      };
      const [row] = await tx.insert(agents).values(values).returning({ id: agents.id });
      const { tenantId: _tenantId, ...recorded } = values;
      await recordAudit(tx, input.tenantId, {
        action: 'agent.created',
        actor: input.actor,
        target: { type: 'agent', id: row!.id },
        data: recorded,
        requestId: input.requestId,
      });
      return { id: row!.id };
    })
    .catch(asConflict);
}
