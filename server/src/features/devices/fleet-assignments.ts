// Who holds which item of the fleet, and since when (fleet_assignments): a holding opens
// when an administrator gives a computer or a key to an agent and closes when the item
// leaves `assigned` (returned to stock, repair, lost, retired, declared stolen) or goes
// to someone else. Each function runs in the caller's transaction, beside the item's own
// change, so `assigned` and its open holding never disagree (migration 0013's CHECKs).
import { and, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { FleetAssignment } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { agentById, agentNames } from '../org/index.ts';
import { fleetAssignments } from './schema.ts';

export type FleetItem = { deviceId: string } | { keyId: string };

const itemIs = (item: FleetItem): SQL => ('deviceId' in item ? eq(fleetAssignments.deviceId, item.deviceId) : eq(fleetAssignments.keyId, item.keyId));

/** An active agent of the tenant may receive an item (404 otherwise, 409 for a leaver). */
export async function receivingAgent(tx: Tx, agentId: string) {
  const agent = await agentById(tx, agentId);
  if (!agent) throw notFound('Agent introuvable.');
  if (agent.status === 'disabled') throw conflict(`Le compte de ${agent.firstName} ${agent.lastName} est désactivé : rien ne peut lui être attribué.`);
  return agent;
}

/** Ends the item's open holding at `at`, if any; returns the agent who held it. */
export async function endAssignment(tx: Tx, item: FleetItem, at: Date): Promise<string | null> {
  const [ended] = await tx
    .update(fleetAssignments)
    .set({ returnedAt: at })
    .where(and(itemIs(item), isNull(fleetAssignments.returnedAt)))
    .returning({ agentId: fleetAssignments.agentId });
  return ended?.agentId ?? null;
}

/** Opens a holding of the item by the agent at `at` (the previous one ended first). */
export async function startAssignment(tx: Tx, tenantId: string, item: FleetItem, agentId: string, at: Date) {
  await endAssignment(tx, item, at);
  await tx.insert(fleetAssignments).values({ tenantId, agentId, assignedAt: at, ...('deviceId' in item ? { deviceId: item.deviceId } : { keyId: item.keyId }) });
}

/** Since when each item is held (its open holding's start). */
export async function heldSince(tx: Tx, items: FleetItem[]): Promise<Map<string, Date>> {
  if (items.length === 0) return new Map();
  const deviceIds = items.flatMap((i) => ('deviceId' in i ? [i.deviceId] : []));
  const keyIds = items.flatMap((i) => ('keyId' in i ? [i.keyId] : []));
  const rows = await tx
    .select()
    .from(fleetAssignments)
    .where(
      and(
        isNull(fleetAssignments.returnedAt),
        or(deviceIds.length ? inArray(fleetAssignments.deviceId, deviceIds) : undefined, keyIds.length ? inArray(fleetAssignments.keyId, keyIds) : undefined),
      ),
    );
  return new Map(rows.map((r) => [(r.deviceId ?? r.keyId)!, r.assignedAt]));
}

/** The history of a computer, a key or an agent, newest first (at most 200 holdings). */
export async function listAssignments(tx: Tx, query: { laptopId?: string | undefined; keyId?: string | undefined; agentId?: string | undefined }): Promise<{ items: FleetAssignment[] }> {
  const rows = await tx
    .select()
    .from(fleetAssignments)
    .where(
      and(
        query.laptopId ? eq(fleetAssignments.deviceId, query.laptopId) : undefined,
        query.keyId ? eq(fleetAssignments.keyId, query.keyId) : undefined,
        query.agentId ? eq(fleetAssignments.agentId, query.agentId) : undefined,
      ),
    )
    .orderBy(desc(fleetAssignments.assignedAt), desc(fleetAssignments.id))
    .limit(200);
  const names = await agentNames(tx, rows.map((r) => r.agentId));
  return {
    items: rows.map((r) => ({
      id: r.id,
      item: r.deviceId ? ('laptop' as const) : ('key' as const),
      itemId: (r.deviceId ?? r.keyId)!,
      agent: { id: r.agentId, name: names.get(r.agentId) ?? '' },
      from: r.assignedAt.toISOString(),
      to: r.returnedAt?.toISOString() ?? null,
    })),
  };
}

/** A unique violation (two writers at once, or a serial already taken): 409 with `message`. */
export function asConflict(error: unknown, message: string): never {
  const codeOf = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined);
  const cause = error && typeof error === 'object' && 'cause' in error ? (error as { cause: unknown }).cause : undefined;
  if (codeOf(error) === '23505' || codeOf(cause) === '23505') throw conflict(message);
  throw error;
}
