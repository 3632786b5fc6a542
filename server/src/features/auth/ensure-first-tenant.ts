// First start: when the database holds no tenant, create the operator's tenant and its
// first administrator, and hand out a one-time enrolment link (24 h, single use). Later
// starts hand out a fresh link while that administrator has never used one, voiding the
// earlier ones, so a lost terminal never locks the operator out.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { enrolments } from './schema.ts';
import { recordAudit } from '../audit/index.ts';
import { agentIdByEmail, createFirstAdministrator, createOperatorTenant, findTenantId } from '../org/index.ts';
import { createEnrolment } from './create-enrolment.ts';

export type FirstStart = { created: boolean; tenantId: string; token: string | null; expiresAt: Date | null };

export async function ensureFirstTenant(
  database: Database,
  input: { tenantName: string; adminEmail: string },
): Promise<FirstStart> {
  let tenantId = await database.operator((tx) => findTenantId(tx));
  let created = false;
  if (!tenantId) {
    tenantId = await database.operator((tx) => createOperatorTenant(tx, input.tenantName));
    if (!tenantId) {
      // Another node created it between our read and our write.
      tenantId = (await database.operator((tx) => findTenantId(tx)))!;
    } else {
      created = true;
    }
  }
  const id = tenantId;
  return database.tenant(id, async (tx) => {
    let adminId = await agentIdByEmail(tx, input.adminEmail.toLowerCase());
    if (!adminId) {
      adminId = await createFirstAdministrator(tx, { tenantId: id, email: input.adminEmail.toLowerCase() });
      await recordAudit(tx, id, {
        action: 'tenant.created',
        actor: { type: 'system' },
        target: { type: 'tenant', id },
        data: { name: input.tenantName, operator: true, firstAdmin: adminId },
      });
    }
    const [used] = await tx
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.agentId, adminId), isNotNull(enrolments.usedAt)))
      .limit(1);
    if (used) return { created, tenantId: id, token: null, expiresAt: null };
    const { token, expiresAt } = await createEnrolment(tx, {
      tenantId: id,
      agentId: adminId,
      purpose: 'first-admin',
      actor: { type: 'system' },
      replacePending: true,
    });
    return { created, tenantId: id, token, expiresAt };
  });
}
