// The agents the helpdesk looks up (features/helpdesk: search, the agent's file), with
// their unit's name. The helpdesk presents them; org owns the rows.
import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { AgentRecord } from './find-agent.ts';
import { likePattern } from './like-pattern.ts';
import { agents, units } from './schema.ts';

export type AgentWithUnit = { agent: AgentRecord; unitName: string | null };

/** One agent with their unit's name, or undefined. */
export async function findAgentForHelpdesk(tx: Tx, agentId: string): Promise<AgentWithUnit | undefined> {
  const [row] = await tx
    .select({ agent: agents, unitName: units.name })
    .from(agents)
    .leftJoin(units, eq(units.id, agents.unitId))
    .where(eq(agents.id, agentId));
  return row;
}

/** A page of agents found by name, e-mail or phone, optionally of one status; suspended ones first. */
export async function searchAgentsForHelpdesk(
  tx: Tx,
  query: { q?: string | undefined; status?: AgentRecord['status'] | undefined; page: number; pageSize: number },
): Promise<{ rows: AgentWithUnit[]; total: number }> {
  const filters: SQL[] = [];
  if (query.q) {
    const p = likePattern(query.q);
    filters.push(
      or(ilike(agents.lastName, p), ilike(agents.firstName, p), ilike(agents.email, p), ilike(agents.professionalPhone, p), ilike(agents.mobilePhone, p))!,
    );
  }
  if (query.status) filters.push(eq(agents.status, query.status));
  const where = filters.length ? and(...filters) : undefined;
  const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(agents).where(where);
  const rows = await tx
    .select({ agent: agents, unitName: units.name })
    .from(agents)
    .leftJoin(units, eq(units.id, agents.unitId))
    .where(where)
    .orderBy(asc(agents.status), asc(agents.lastName), asc(agents.firstName), asc(agents.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { rows, total };
}
