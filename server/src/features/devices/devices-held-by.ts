// The computers an agent holds, for the helpdesk's agent file: those assigned to them now,
// and those that were theirs when declared stolen or lost (the holding ends then, but the
// helpdesk on the phone with the agent still needs to see it), newest first.
import type { HeldDevice } from '@estran/contracts';
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { devices, fleetAssignments } from './schema.ts';

export async function devicesHeldBy(tx: Tx, agentId: string): Promise<HeldDevice[]> {
  const lastHolder = sql<string | null>`(select ${fleetAssignments.agentId} from ${fleetAssignments}
    where ${fleetAssignments.deviceId} = ${devices.id} order by ${fleetAssignments.assignedAt} desc limit 1)`;
  const rows = await tx
    .select({
      id: devices.id,
      name: devices.name,
      kind: devices.kind,
      serial: devices.serial,
      model: devices.model,
      status: devices.status,
      registeredAt: devices.registeredAt,
      registeredUserAgent: devices.registeredUserAgent,
      stolenAt: devices.stolenAt,
    })
    .from(devices)
    .where(or(eq(devices.assignedAgentId, agentId), and(inArray(devices.status, ['stolen', 'lost']), eq(lastHolder, agentId))))
    .orderBy(desc(devices.createdAt))
    .limit(20);
  return rows.map((r) => ({
    ...r,
    registeredAt: r.registeredAt?.toISOString() ?? null,
    stolenAt: r.stolenAt?.toISOString() ?? null,
  }));
}
