// Many sites created and changed at once, in the caller's tenant transaction (the
// directory's import of a sites file, features/directory): the caller has checked the
// fields by the sites form's rules and that each unit is an open unit of the tenant. Each
// is audited as the sites tab audits it: site.created, site.updated with the fields before and after.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import type { DirectorySite } from './read-directory.ts';
import { sites } from './schema.ts';

export type DirectorySiteFields = Omit<DirectorySite, 'id'>;
const fields = ['name', 'kind', 'unitId', 'street', 'postalCode', 'city'] as const satisfies readonly (keyof DirectorySiteFields)[];

export async function bulkUpsertSites(
  tx: Tx,
  tenantId: string,
  input: { create: DirectorySiteFields[]; update: { before: DirectorySite; after: DirectorySiteFields }[]; actor: AuditActor; source: string; requestId?: string | undefined },
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  for (const values of input.create) {
    const [row] = await tx.insert(sites).values({ tenantId, ...values }).returning({ id: sites.id });
    created.push(row!.id);
    await recordAudit(tx, tenantId, { action: 'site.created', actor: input.actor, target: { type: 'site', id: row!.id }, data: { ...values, source: input.source }, requestId: input.requestId });
  }
  const updated: string[] = [];
  for (const { before, after } of input.update) {
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const f of fields) if (before[f] !== after[f]) changes[f] = { before: before[f], after: after[f] };
    if (Object.keys(changes).length === 0) continue;
    await tx.update(sites).set(after).where(eq(sites.id, before.id));
    updated.push(before.id);
    await recordAudit(tx, tenantId, { action: 'site.updated', actor: input.actor, target: { type: 'site', id: before.id }, data: { changes, source: input.source }, requestId: input.requestId });
  }
  return { created, updated };
}
