// An organisation as its administrator sees it (GET /api/admin/organisation): the tenant's
// row without its logo's bytes (their size and type only), and the logo's URL.
import { eq, sql } from 'drizzle-orm';
import { organisationLogoUrl, type Organisation } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { tenants } from './schema.ts';

/** The columns an Organisation is made of (never the logo's bytes). */
export const organisationColumns = {
  id: tenants.id,
  slug: tenants.slug,
  name: tenants.name,
  kind: tenants.kind,
  isOperator: tenants.isOperator,
  helpdeskPhone: tenants.helpdeskPhone,
  timeZone: tenants.timeZone,
  hostnames: tenants.hostnames,
  logoType: tenants.logoType,
  logoUpdatedAt: tenants.logoUpdatedAt,
  logoBytes: sql<number | null>`octet_length(${tenants.logo})`.mapWith(Number),
};
type OrganisationRow = Pick<typeof tenants.$inferSelect, 'id' | 'slug' | 'name' | 'kind' | 'isOperator' | 'helpdeskPhone' | 'timeZone' | 'hostnames' | 'logoType' | 'logoUpdatedAt'> & {
  logoBytes: number | null;
};

export function presentOrganisation(t: OrganisationRow): Organisation {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    operator: t.isOperator,
    helpdeskPhone: t.helpdeskPhone,
    timeZone: t.timeZone,
    hostnames: t.hostnames,
    logo:
      t.logoType && t.logoUpdatedAt
        ? { contentType: t.logoType, bytes: Number(t.logoBytes), updatedAt: t.logoUpdatedAt.toISOString(), url: organisationLogoUrl(t.id, t.logoUpdatedAt) }
        : null,
  };
}

/** The tenant as an Organisation, in the caller's transaction (its scope must see the row), or undefined. */
export async function readOrganisation(tx: Tx, tenantId: string): Promise<Organisation | undefined> {
  const [t] = await tx.select(organisationColumns).from(tenants).where(eq(tenants.id, tenantId));
  return t ? presentOrganisation(t) : undefined;
}
