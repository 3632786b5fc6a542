import { asc, count, ilike, or, type SQL } from 'drizzle-orm';
import type { ListQuery, Page, Unit } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { units } from './schema.ts';
import { likePattern } from './like-pattern.ts';

export async function listUnits(database: Database, tenantId: string, query: ListQuery): Promise<Page<Unit>> {
  return database.tenant(tenantId, async (tx) => {
    let where: SQL | undefined;
    if (query.q) {
      const p = likePattern(query.q);
      where = or(ilike(units.name, p), ilike(units.code, p));
    }
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(units).where(where);
    const rows = await tx
      .select()
      .from(units)
      .where(where)
      .orderBy(asc(units.name), asc(units.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    // A tenant has hundreds of units at most: its whole tree gives each row its path.
    const all = await tx.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units);
    const byId = new Map(all.map((u) => [u.id, u]));
    const pathOf = (id: string) => {
      const names: string[] = [];
      const seen = new Set<string>();
      for (let u = byId.get(id); u && !seen.has(u.id); u = u.parentId ? byId.get(u.parentId) : undefined) {
        seen.add(u.id);
        names.unshift(u.name);
      }
      return names.join(' › ');
    };
    return {
      items: rows.map((u) => ({
        id: u.id,
        parentId: u.parentId,
        kind: u.kind,
        code: u.code,
        name: u.name,
        path: pathOf(u.id),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}
