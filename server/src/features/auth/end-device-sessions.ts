// The sessions opened on one device end with it (a device declared stolen:
// features/devices), in the caller's transaction.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { sessions } from './schema.ts';

/** Revokes the device's live sessions at `at`; returns their ids. */
export function endDeviceSessions(tx: Tx, deviceId: string, at: Date): Promise<{ id: string }[]> {
  return tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.deviceId, deviceId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
}
