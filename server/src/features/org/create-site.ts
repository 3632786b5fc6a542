// An administrator creates a site (POST /api/admin/sites): an office, a permanence or a
// telecentre, attached to an open unit of the tenant or to none. Audited in the same
// transaction.
import type { CreateSiteBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { sites } from './schema.ts';
import { openUnit } from './unit-rules.ts';

export async function createSite(
  database: Database,
  input: { tenantId: string; site: CreateSiteBody; actor: AuditActor; requestId?: string | undefined },
): Promise<{ id: string }> {
  const b = input.site;
  const values = {
    name: b.name,
    kind: b.kind,
    unitId: b.unitId ?? null,
    // An empty street is no street.
    street: b.street || null,
    postalCode: b.postalCode ?? null,
    city: b.city,
    sharedWithPartners: b.sharedWithPartners ?? false,
    openingHours: b.openingHours ?? [],
  };
  return database.tenant(input.tenantId, async (tx) => {
    if (values.unitId) await openUnit(tx, values.unitId, 'site');
    const [row] = await tx
      .insert(sites)
      .values({ tenantId: input.tenantId, ...values })
      .returning({ id: sites.id });
    await recordAudit(tx, input.tenantId, {
      action: 'site.created',
      actor: input.actor,
      target: { type: 'site', id: row!.id },
      data: values,
      requestId: input.requestId,
    });
    return { id: row!.id };
  });
}
