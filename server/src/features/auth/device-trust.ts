// Device trust: a managed laptop or thin client of the fleet presents its device
// credential (an HttpOnly cookie set when IT registered it); anything else is a
// personal computer. A device declared stolen is refused outright, and the browser is
// told to wipe its local vault.
import { and, eq } from 'drizzle-orm';
import type { TrustLevel } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { devices } from '../../db/schema/index.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { HttpError } from '../../platform/http-errors.ts';

export const DEVICE_COOKIE = '__Host-estran-device';

export const deviceRevoked = () =>
  new HttpError(403, 'device_revoked', 'Ce poste a été déclaré volé ou retiré : il ne peut plus accéder à Estran. Ses données locales vont être effacées.', {
    wipe: true,
  });

export async function resolveDeviceTrust(
  tx: Tx,
  tenantId: string,
  cookie: string | undefined,
): Promise<{ trust: TrustLevel; deviceId: string | null }> {
  const parsed = cookie ? parseTenantToken(cookie) : null;
  if (!parsed || parsed.tenantId !== tenantId) return { trust: 'personal', deviceId: null };
  const [device] = await tx
    .select()
    .from(devices)
    .where(and(eq(devices.secretHash, sha256(parsed.secret)), eq(devices.tenantId, tenantId)));
  if (!device) return { trust: 'personal', deviceId: null };
  if (device.stolenAt || device.revokedAt) throw deviceRevoked();
  return { trust: device.kind, deviceId: device.id };
}
