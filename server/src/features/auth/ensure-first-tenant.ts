// First start: when the database holds no tenant, create the operator's tenant and its
// first administrator, and hand out a one-time enrolment link (24 h, single use). Later
// starts hand out a fresh link while that administrator has never used one, voiding the
// earlier ones, so a lost terminal never locks the operator out.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { enrolments } from './schema.ts';
import { agents, tenants } from '../org/schema.ts';
import { recordAudit } from '../audit/index.ts';
import { createEnrolment } from './create-enrolment.ts';

export type FirstStart = { created: boolean; tenantId: string; token: string | null; expiresAt: Date | null };

export async function ensureFirstTenant(
  database: Database,
  input: { tenantName: string; adminEmail: string },
): Promise<FirstStart> {
  const existing = await database.operator((tx) =>
    tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.isOperator, true)),
  );
  let tenantId = existing[0]?.id;
  let created = false;
  if (!tenantId) {
    tenantId = await database.operator(async (tx) => {
      const [t] = await tx
        .insert(tenants)
        .values({ slug: 'operateur', name: input.tenantName, kind: 'operator', isOperator: true })
        .onConflictDoNothing()
        .returning({ id: tenants.id });
      return t?.id;
    });
    if (!tenantId) {
      // Another node created it between our read and our write.
      const [t] = await database.operator((tx) =>
        tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.isOperator, true)),
      );
      tenantId = t!.id;
    } else {
      created = true;
    }
  }
  const id = tenantId;
  return database.tenant(id, async (tx) => {
    let [admin] = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(eq(agents.email, input.adminEmail.toLowerCase()));
    if (!admin) {
      [admin] = await tx
        .insert(agents)
        .values({
          tenantId: id,
          firstName: 'Premier',
          lastName: 'Administrateur',
          email: input.adminEmail.toLowerCase(),
          component: 'administration',
          roles: ['agent', 'admin', 'helpdesk'],
        })
        .returning({ id: agents.id });
      await recordAudit(tx, id, {
        action: 'tenant.created',
        actor: { type: 'system' },
        target: { type: 'tenant', id },
        data: { name: input.tenantName, operator: true, firstAdmin: admin!.id },
      });
    }
    const [used] = await tx
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.agentId, admin!.id), isNotNull(enrolments.usedAt)))
      .limit(1);
    if (used) return { created, tenantId: id, token: null, expiresAt: null };
    const { token, expiresAt } = await createEnrolment(tx, {
      tenantId: id,
      agentId: admin!.id,
      purpose: 'first-admin',
      actor: { type: 'system' },
      replacePending: true,
    });
    return { created, tenantId: id, token, expiresAt };
  });
}
