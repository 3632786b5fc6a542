// What other features need to know of tenants, without reading the tenants table
// themselves (ARCHITECTURE.md: features talk through their index.ts). Each function runs
// in the caller's transaction, so its row-level-security scope (database.operator or
// database.tenant) stays the caller's choice.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { tenants } from './schema.ts';

/** The id of the tenant with this slug or, without one, the operator's; undefined when none is visible. */
export async function findTenantId(tx: Tx, slug?: string | undefined): Promise<string | undefined> {
  const [t] = await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(slug ? eq(tenants.slug, slug) : eq(tenants.isOperator, true));
  return t?.id;
}

/** Every visible tenant's id and slug, by slug (the operator's scope sees them all). */
export function tenantsBySlug(tx: Tx): Promise<{ id: string; slug: string }[]> {
  return tx.select({ id: tenants.id, slug: tenants.slug }).from(tenants).orderBy(tenants.slug);
}

/** Every visible tenant's id and name, oldest first (the operator's scope sees them all). */
export function tenantsByCreation(tx: Tx): Promise<{ id: string; name: string }[]> {
  return tx.select({ id: tenants.id, name: tenants.name }).from(tenants).orderBy(asc(tenants.createdAt));
}

/** What auth's policy is read from: the tenant's name, operator flag, helpdesk phone and settings. */
export async function tenantAuthFacts(
  tx: Tx,
  tenantId: string,
): Promise<Pick<typeof tenants.$inferSelect, 'name' | 'isOperator' | 'helpdeskPhone' | 'settings'> | undefined> {
  const [t] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  return t;
}

/**
 * First start: the operator's tenant, created unless another node did it first
 * (then undefined: read it again with findTenantId).
 */
export async function createOperatorTenant(tx: Tx, name: string): Promise<string | undefined> {
  const [t] = await tx
    .insert(tenants)
    .values({ slug: 'operateur', name, kind: 'operator', isOperator: true })
    .onConflictDoNothing()
    .returning({ id: tenants.id });
  return t?.id;
}
