import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Agent, ListQuery, Page } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { agents, units } from './schema.ts';
import { agentView } from './agent-view.ts';
import { likePattern } from './like-pattern.ts';

export async function listAgents(database: Database, tenantId: string, query: ListQuery): Promise<Page<Agent>> {
  return database.tenant(tenantId, async (tx) => {
    let where: SQL | undefined;
    if (query.q) {
      const p = likePattern(query.q);
      where = or(ilike(agents.lastName, p), ilike(agents.firstName, p), ilike(agents.email, p));
    }
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(agents).where(where);
    const rows = await tx
      .select({ agent: agents, unitName: units.name })
      .from(agents)
      .leftJoin(units, and(eq(units.id, agents.unitId)))
      .where(where)
      .orderBy(asc(agents.lastName), asc(agents.firstName), asc(agents.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return {
      items: rows.map(({ agent: a, unitName }) => agentView(a, unitName)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}
