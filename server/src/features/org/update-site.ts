// An administrator changes a site (PATCH /api/admin/sites/{id}): its name, kind, address,
// unit (an open unit of the tenant, or none), sharing with partners, opening hours.
// Audited with each changed field before and after, in the same transaction.
import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import type { Site, UpdateSiteBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { presentSite } from './list-sites.ts';
import { sites } from './schema.ts';
import { openUnit } from './unit-rules.ts';

const fields = ['name', 'kind', 'unitId', 'street', 'postalCode', 'city', 'sharedWithPartners', 'openingHours'] as const;

export async function updateSite(
  database: Database,
  input: { tenantId: string; siteId: string; changes: UpdateSiteBody; actor: AuditActor; requestId?: string | undefined },
): Promise<Site> {
  // An empty street is no street.
  const c: UpdateSiteBody = input.changes.street === '' ? { ...input.changes, street: null } : input.changes;
  return database.tenant(input.tenantId, async (tx) => {
    const [row] = await tx.select().from(sites).where(eq(sites.id, input.siteId)).for('update');
    if (!row) throw notFound('Site introuvable.');
    const before = presentSite(row);
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    const set: Partial<typeof sites.$inferInsert> = {};
    for (const field of fields) {
      const after = c[field];
      if (after === undefined || isDeepStrictEqual(after, before[field])) continue;
      changed[field] = { before: before[field], after };
      Object.assign(set, { [field]: after });
    }
    if (Object.keys(changed).length === 0) return before;
    if (set.unitId) await openUnit(tx, set.unitId, 'site');
    const [updated] = await tx.update(sites).set(set).where(eq(sites.id, row.id)).returning();
    await recordAudit(tx, input.tenantId, {
      action: 'site.updated',
      actor: input.actor,
      target: { type: 'site', id: row.id },
      data: { changes: changed },
      requestId: input.requestId,
    });
    return presentSite(updated!);
  });
}
