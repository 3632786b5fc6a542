import { tenantAuthSettings, type TenantAuthSettings } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { tenantAuthFacts } from '../org/index.ts';

export type TenantAuthContext = TenantAuthSettings & { tenantName: string; operator: boolean; helpdeskPhone: string | null };

/** The tenant's authentication policy (tenants.settings.auth), defaults filled in. */
export async function readAuthSettings(tx: Tx, tenantId: string): Promise<TenantAuthContext> {
  const t = await tenantAuthFacts(tx, tenantId);
  if (!t) throw new Error(`tenant ${tenantId} not visible`);
  return authSettingsOf(t);
}

export function authSettingsOf(
  t: { name: string; isOperator: boolean; helpdeskPhone: string | null; settings: { auth?: unknown } },
): TenantAuthContext {
  const parsed = tenantAuthSettings.safeParse(t.settings.auth ?? {});
  return {
    ...(parsed.success ? parsed.data : tenantAuthSettings.parse({})),
    tenantName: t.name,
    operator: t.isOperator,
    helpdeskPhone: t.helpdeskPhone,
  };
}
