// An organisation changed (issue 17): by its own administrator (PATCH
// /api/admin/organisation: name, kind, helpdesk number, time zone) or by the operator's
// (PATCH /api/admin/tenants/{id}: the same, and the host names its login page answers to;
// a host name belongs to one tenant at most, 409 otherwise). The operator's own kind stays
// `operator`. Audited as tenant.updated with each changed field before and after, in the
// tenant's own chain and the same transaction as the change; an operator's change of
// another tenant is also recorded in the operator's chain (as create-tenant does).
//
// Steps:
//   1. the tenants row, locked (the operator's scope: the tenants table's named RLS
//      exception lets only that scope write it; the tenant's id is set too, for its chain);
//   2. each field given and different is a change; the operator's kind cannot change;
//   3. one UPDATE, one audit event; host names taken elsewhere → 409 (the trigger of
//      migration 0012);
//   4. the organisation as read back.
import { eq } from 'drizzle-orm';
import type { Organisation, UpdateTenantBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { organisationColumns, readOrganisation } from './read-organisation.ts';
import { tenants } from './schema.ts';

export async function updateOrganisation(
  database: Database,
  input: {
    tenantId: string;
    changes: UpdateTenantBody;
    actor: AuditActor;
    requestId?: string | undefined;
    /** Set when the operator's administrator changes a member organisation. */
    operatorTenantId?: string | undefined;
  },
): Promise<Organisation> {
  const c = input.changes;
  const { organisation, changed } = await database
    .operator(
      async (tx) => {
        const [before] = await tx.select(organisationColumns).from(tenants).where(eq(tenants.id, input.tenantId)).for('update');
        if (!before) throw notFound('Organisation introuvable.');
        const changed: Record<string, { before: unknown; after: unknown }> = {};
        const set: Partial<typeof tenants.$inferInsert> = {};
        const change = <K extends 'name' | 'kind' | 'helpdeskPhone' | 'timeZone'>(key: K, value: (typeof tenants.$inferInsert)[K] | undefined) => {
          if (value === undefined || value === before[key]) return;
          changed[key] = { before: before[key], after: value };
          set[key] = value;
        };
        if (c.kind !== undefined && before.isOperator && c.kind !== before.kind) {
          throw conflict('L’opérateur de mutualisation garde le type « opérateur » : son type ne se change pas.');
        }
        change('name', c.name);
        change('kind', c.kind);
        change('helpdeskPhone', c.helpdeskPhone);
        change('timeZone', c.timeZone);
        if (c.hostnames !== undefined && c.hostnames.join('\n') !== before.hostnames.join('\n')) {
          changed.hostnames = { before: before.hostnames, after: c.hostnames };
          set.hostnames = c.hostnames;
        }
        if (Object.keys(changed).length > 0) {
          await tx.update(tenants).set(set).where(eq(tenants.id, before.id));
          await recordAudit(tx, before.id, {
            action: 'tenant.updated',
            actor: input.actor,
            target: { type: 'tenant', id: before.id },
            data: { changes: changed, ...(input.operatorTenantId && input.operatorTenantId !== before.id ? { by: input.operatorTenantId } : {}) },
            requestId: input.requestId,
          });
        }
        return { organisation: (await readOrganisation(tx, before.id))!, changed };
      },
      { tenantId: input.tenantId },
    )
    .catch((error: unknown) => {
      if (isHostnameTaken(error)) throw conflict('Un de ces noms d’hôte appartient déjà à une autre organisation.');
      throw error;
    });
  if (input.operatorTenantId && input.operatorTenantId !== input.tenantId && Object.keys(changed).length > 0) {
    const operatorTenantId = input.operatorTenantId;
    await database.tenant(operatorTenantId, (tx) =>
      recordAudit(tx, operatorTenantId, {
        action: 'tenant.updated',
        actor: input.actor,
        target: { type: 'tenant', id: input.tenantId },
        data: { changes: changed },
        requestId: input.requestId,
      }),
    );
  }
  return organisation;
}

/** The unique_violation the host names' trigger raises (migration 0012), through either driver. */
function isHostnameTaken(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint, message } = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (code === '23505' && (constraint === 'tenants_hostnames_unique' || (typeof message === 'string' && message.includes('host name already belongs')))) return true;
  }
  return false;
}
