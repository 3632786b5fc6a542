import { asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { ListQuery, Page, Site } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { sites } from './schema.ts';
import { likePattern } from './like-pattern.ts';

export async function listSites(database: Database, tenantId: string, query: ListQuery): Promise<Page<Site>> {
  return database.tenant(tenantId, async (tx) => {
    let where: SQL | undefined;
    if (query.q) {
      const p = likePattern(query.q);
      where = or(ilike(sites.name, p), ilike(sites.city, p), ilike(sites.postalCode, p));
    }
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(sites).where(where);
    const rows = await tx
      .select()
      .from(sites)
      .where(where)
      .orderBy(asc(sites.city), asc(sites.name), asc(sites.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return {
      items: rows.map(presentSite),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

/** A site as the list shows it. */
export function presentSite(s: typeof sites.$inferSelect): Site {
  return {
    id: s.id,
    unitId: s.unitId,
    kind: s.kind,
    name: s.name,
    street: s.street,
    postalCode: s.postalCode,
    city: s.city,
    sharedWithPartners: s.sharedWithPartners,
    openingHours: s.openingHours,
  };
}

/** One site of the transaction's tenant as the list shows it, or null. */
export async function readSite(tx: Tx, id: string): Promise<Site | null> {
  const [s] = await tx.select().from(sites).where(eq(sites.id, id));
  return s ? presentSite(s) : null;
}
