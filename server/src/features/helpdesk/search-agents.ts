import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { HelpdeskAgent, ListQuery, Page } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { agents, units } from '../org/schema.ts';
import { likePattern } from '../org/like-pattern.ts';

export function presentHelpdeskAgent(a: typeof agents.$inferSelect, unitName: string | null): HelpdeskAgent {
  return {
    id: a.id,
    displayName: `${a.firstName} ${a.lastName}`,
    email: a.email,
    component: a.component,
    unitName,
    roles: a.roles,
    status: a.status,
    failedAttempts: a.failedAttempts,
    suspendedAt: a.suspendedAt?.toISOString() ?? null,
    lockedUntil: a.lockedUntil && a.lockedUntil.getTime() > Date.now() ? a.lockedUntil.toISOString() : null,
  };
}

/** Finds agents by name, e-mail or phone; suspended ones first. */
export async function searchAgents(
  database: Database,
  tenantId: string,
  query: ListQuery & { status?: 'active' | 'suspended' | 'disabled' | undefined },
): Promise<Page<HelpdeskAgent>> {
  return database.tenant(tenantId, async (tx) => {
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
    return { items: rows.map((r) => presentHelpdeskAgent(r.agent, r.unitName)), total, page: query.page, pageSize: query.pageSize };
  });
}
