// An agent as the API shows it (contracts `agent`): the row, its unit's name, and the
// display name. One mapping for the list and for an agent just changed.
import { eq } from 'drizzle-orm';
import type { Agent } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { agents, units } from './schema.ts';

type AgentRow = typeof agents.$inferSelect;

export function agentView(a: AgentRow, unitName: string | null): Agent {
  return {
    id: a.id,
    firstName: a.firstName,
    lastName: a.lastName,
    displayName: `${a.firstName} ${a.lastName}`,
    email: a.email,
    personalEmail: a.personalEmail,
    professionalPhone: a.professionalPhone,
    mobilePhone: a.mobilePhone,
    component: a.component,
    unitId: a.unitId,
    unitName,
    siteId: a.siteId,
    nomadic: a.nomadic,
    roles: a.roles,
    preferredLanguage: a.preferredLanguage,
    status: a.status,
    externalId: a.externalId,
  };
}

/** One agent of the transaction's tenant (row-level security), or null. */
export async function readAgent(tx: Tx, agentId: string): Promise<Agent | null> {
  const [row] = await tx
    .select({ agent: agents, unitName: units.name })
    .from(agents)
    .leftJoin(units, eq(units.id, agents.unitId))
    .where(eq(agents.id, agentId));
  return row ? agentView(row.agent, row.unitName) : null;
}
