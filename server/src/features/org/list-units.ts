import { asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { ListQuery, Page, Unit } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
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
    const pathOf = await unitPaths(tx);
    return {
      items: rows.map((u) => presentUnit(u, pathOf(u.id))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

type UnitRow = typeof units.$inferSelect;

/** A unit as the list shows it. */
export function presentUnit(u: UnitRow, path: string): Unit {
  return { id: u.id, parentId: u.parentId, kind: u.kind, code: u.code, name: u.name, path, closedAt: u.closedAt?.toISOString() ?? null };
}

/**
 * Each unit's path (names from the root down): a tenant has hundreds of units at most, so
 * its whole tree is read once. A cycle, which the writers refuse, would end the walk.
 */
export async function unitPaths(tx: Tx): Promise<(id: string) => string> {
  const all = await tx.select({ id: units.id, parentId: units.parentId, name: units.name }).from(units);
  const byId = new Map(all.map((u) => [u.id, u]));
  return (id: string) => {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let u = byId.get(id); u && !seen.has(u.id); u = u.parentId ? byId.get(u.parentId) : undefined) {
      seen.add(u.id);
      names.unshift(u.name);
    }
    return names.join(' › ');
  };
}

/** One unit of the transaction's tenant as the list shows it, or null. */
export async function readUnit(tx: Tx, id: string): Promise<Unit | null> {
  const [u] = await tx.select().from(units).where(eq(units.id, id));
  return u ? presentUnit(u, (await unitPaths(tx))(u.id)) : null;
}
