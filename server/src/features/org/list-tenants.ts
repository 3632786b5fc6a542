import { asc, count, ilike, or, type SQL } from 'drizzle-orm';
import type { ListQuery, Page, Tenant } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { tenants } from './schema.ts';
import { likePattern } from './like-pattern.ts';

export function presentTenant(t: typeof tenants.$inferSelect): Tenant {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    helpdeskPhone: t.helpdeskPhone,
    timeZone: t.timeZone,
    hostnames: t.hostnames,
    createdAt: t.createdAt.toISOString(),
  };
}

/** All tenants, in the operator's scope (the tenants table's named RLS exception). */
export async function listTenants(database: Database, query: ListQuery): Promise<Page<Tenant>> {
  return database.operator(async (tx) => {
    let where: SQL | undefined;
    if (query.q) {
      const p = likePattern(query.q);
      where = or(ilike(tenants.name, p), ilike(tenants.slug, p));
    }
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(tenants).where(where);
    const rows = await tx
      .select()
      .from(tenants)
      .where(where)
      .orderBy(asc(tenants.name), asc(tenants.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: rows.map(presentTenant), total, page: query.page, pageSize: query.pageSize };
  });
}
