// What "equipped" means for a deployment wave's progress (« 212 / 400 équipés »): an agent
// is equipped when, in the inventory, they hold an assigned computer (a laptop or a thin
// client, status `assigned`) and an assigned security key (status `assigned`). A computer
// in repair, lost or stolen, or a lost key, makes them not equipped again until replaced.
// The registration of the computer and the enrolment of the key (auth's credential) are
// not required: the wave tracks what was handed out.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { devices, fleetKeys } from './schema.ts';

/** A SQL condition: the agent `agentId` (a column expression) is equipped. */
export function equippedSql(agentId: SQL): SQL {
  return sql`exists (select 1 from devices d where d.assigned_agent_id = ${agentId} and d.status = 'assigned')
         and exists (select 1 from fleet_keys k where k.assigned_agent_id = ${agentId} and k.status = 'assigned')`;
}

/** For each agent: whether they hold an assigned computer, an assigned key. */
export async function holdings(tx: Tx, agentIds: string[]): Promise<Map<string, { laptop: boolean; key: boolean }>> {
  const result = new Map(agentIds.map((id) => [id, { laptop: false, key: false }]));
  if (agentIds.length === 0) return result;
  const laptops = await tx
    .selectDistinct({ agentId: devices.assignedAgentId })
    .from(devices)
    .where(and(eq(devices.status, 'assigned'), inArray(devices.assignedAgentId, agentIds)));
  const keys = await tx
    .selectDistinct({ agentId: fleetKeys.assignedAgentId })
    .from(fleetKeys)
    .where(and(eq(fleetKeys.status, 'assigned'), inArray(fleetKeys.assignedAgentId, agentIds)));
  for (const l of laptops) result.get(l.agentId!)!.laptop = true;
  for (const k of keys) result.get(k.agentId!)!.key = true;
  return result;
}
