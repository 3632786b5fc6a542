// A tenant's security settings: the helpdesk number shown to suspended agents and the
// authentication policy (strikes mode, password + TOTP, passkeys, session lifetimes,
// identity checks before an unblock code). Changes are audited with before and after.
import { eq } from 'drizzle-orm';
import { tenantAuthSettings, type TenantSecuritySettings } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { tenants } from './schema.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';

export async function readTenantSecuritySettings(database: Database, tenantId: string): Promise<TenantSecuritySettings> {
  const [t] = await database.tenant(tenantId, (tx) => tx.select().from(tenants).where(eq(tenants.id, tenantId)));
  const parsed = tenantAuthSettings.safeParse((t!.settings as { auth?: unknown }).auth ?? {});
  return { helpdeskPhone: t!.helpdeskPhone, auth: parsed.success ? parsed.data : tenantAuthSettings.parse({}) };
}

export async function updateTenantSecuritySettings(
  database: Database,
  input: { tenantId: string; settings: TenantSecuritySettings; actor: AuditActor; requestId?: string | undefined },
): Promise<TenantSecuritySettings> {
  const before = await readTenantSecuritySettings(database, input.tenantId);
  // Tenants may only update their own row in the operator's scope (the named RLS exception).
  await database.operator(async (tx) => {
    const [t] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, input.tenantId));
    await tx
      .update(tenants)
      .set({ helpdeskPhone: input.settings.helpdeskPhone, settings: { ...(t!.settings ?? {}), auth: input.settings.auth } })
      .where(eq(tenants.id, input.tenantId));
  });
  await database.tenant(input.tenantId, (tx) =>
    recordAudit(tx, input.tenantId, {
      action: 'tenant.security_settings_changed',
      actor: input.actor,
      target: { type: 'tenant', id: input.tenantId },
      data: { before, after: input.settings },
      requestId: input.requestId,
    }),
  );
  return input.settings;
}
