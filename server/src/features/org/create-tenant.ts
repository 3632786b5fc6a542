// Creates a member organisation. Audited twice: in the operator's chain (who created
// it) and as the first event of the new tenant's own chain.
import type { CreateTenantBody, Tenant } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { tenants } from './schema.ts';
import { conflict } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { presentTenant } from './list-tenants.ts';

export async function createTenant(
  database: Database,
  input: CreateTenantBody & { operatorTenantId: string; actor: AuditActor; requestId?: string | undefined },
): Promise<Tenant> {
  const row = await database.operator(async (tx) => {
    // ON CONFLICT, not a read then a write: two simultaneous creations get one 201, one 409.
    const [t] = await tx
      .insert(tenants)
      .values({ slug: input.slug, name: input.name, kind: input.kind, helpdeskPhone: input.helpdeskPhone ?? null })
      .onConflictDoNothing({ target: tenants.slug })
      .returning();
    if (!t) throw conflict(`L’identifiant « ${input.slug} » est déjà pris par une autre collectivité.`);
    return t;
  });
  await database.tenant(input.operatorTenantId, (tx) =>
    recordAudit(tx, input.operatorTenantId, {
      action: 'tenant.created',
      actor: input.actor,
      target: { type: 'tenant', id: row.id },
      data: { name: row.name, slug: row.slug, kind: row.kind },
      requestId: input.requestId,
    }),
  );
  await database.tenant(row.id, (tx) =>
    recordAudit(tx, row.id, {
      action: 'tenant.created',
      actor: input.actor,
      target: { type: 'tenant', id: row.id },
      data: { name: row.name, slug: row.slug, kind: row.kind, by: input.operatorTenantId },
      requestId: input.requestId,
    }),
  );
  return presentTenant(row);
}
