// The security keys of the inventory: the physical FIDO2 keys IT hands out, known by a
// serial number, an AAGUID (WebAuthn §6.5.1: the model's identifier, not the unit's), or
// both. An administrator enters one (in stock), changes it, gives it to an agent. The key
// here is the object on the shelf; the credential an agent registers with it is auth's
// (revoked by the helpdesk or on leaving) — an AAGUID names a model, so the two are not
// linked. Every write audited (fleet.key_*).
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { fleetKeyAssignable, fleetKeyStatusChange, type CreateFleetKeyBody, type FleetKey, type FleetKeyStatus, type UpdateFleetKeyBody } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { agentNames, likePattern } from '../org/index.ts';
import { asConflict, endAssignment, heldSince, receivingAgent, startAssignment } from './fleet-assignments.ts';
import { fleetKeys } from './schema.ts';

type Row = typeof fleetKeys.$inferSelect;
type Write = { tenantId: string; actor: AuditActor; requestId?: string | undefined };

const serialTaken = (serial: string | undefined | null) => `Une autre clé du parc porte déjà le numéro de série « ${serial ?? ''} ».`;

export async function presentFleetKeys(tx: Tx, rows: Row[]): Promise<FleetKey[]> {
  const names = await agentNames(tx, rows.flatMap((k) => (k.assignedAgentId ? [k.assignedAgentId] : [])));
  const since = await heldSince(tx, rows.filter((k) => k.status === 'assigned').map((k) => ({ keyId: k.id })));
  return rows.map((k) => ({
    id: k.id,
    serial: k.serial,
    aaguid: k.aaguid,
    model: k.model,
    status: k.status,
    assignee: k.assignedAgentId ? { id: k.assignedAgentId, name: names.get(k.assignedAgentId) ?? '' } : null,
    assignedAt: since.get(k.id)?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  }));
}

async function lockKey(tx: Tx, id: string): Promise<Row> {
  const [k] = await tx.select().from(fleetKeys).where(eq(fleetKeys.id, id)).for('update');
  if (!k) throw notFound('Clé introuvable.');
  return k;
}

async function readKey(tx: Tx, id: string): Promise<FleetKey> {
  const [k] = await tx.select().from(fleetKeys).where(eq(fleetKeys.id, id));
  return (await presentFleetKeys(tx, [k!]))[0]!;
}

export async function listFleetKeys(database: Database, tenantId: string, query: { q?: string | undefined; status?: FleetKeyStatus | undefined; page: number; pageSize: number }) {
  return database.tenant(tenantId, async (tx) => {
    const like = query.q ? likePattern(query.q) : null;
    const where: SQL | undefined = and(
      like ? or(ilike(fleetKeys.serial, like), ilike(fleetKeys.model, like), ilike(sql`${fleetKeys.aaguid}::text`, like)) : undefined,
      query.status ? eq(fleetKeys.status, query.status) : undefined,
    );
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(fleetKeys).where(where);
    const rows = await tx
      .select()
      .from(fleetKeys)
      .where(where)
      .orderBy(asc(fleetKeys.serial), asc(fleetKeys.createdAt), asc(fleetKeys.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: await presentFleetKeys(tx, rows), total, page: query.page, pageSize: query.pageSize };
  });
}

export async function createFleetKey(database: Database, input: Write & { key: CreateFleetKeyBody }): Promise<FleetKey> {
  const serial = input.key.serial ?? null;
  const aaguid = input.key.aaguid?.toLowerCase() ?? null;
  const model = input.key.model || null;
  return database
    .tenant(input.tenantId, async (tx) => {
      const [k] = await tx.insert(fleetKeys).values({ tenantId: input.tenantId, serial, aaguid, model, status: 'in-stock' }).returning();
      await recordAudit(tx, input.tenantId, {
        action: 'fleet.key_created',
        actor: input.actor,
        target: { type: 'fleet_key', id: k!.id },
        data: { serial, aaguid, model },
        requestId: input.requestId,
      });
      return (await presentFleetKeys(tx, [k!]))[0]!;
    })
    .catch((error: unknown) => asConflict(error, serialTaken(serial)));
}

export async function updateFleetKey(database: Database, input: Write & { keyId: string; changes: UpdateFleetKeyBody }): Promise<FleetKey> {
  const c = input.changes;
  return database
    .tenant(input.tenantId, async (tx) => {
      const before = await lockKey(tx, input.keyId);
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      const set: Partial<typeof fleetKeys.$inferInsert> = {};
      const field = <K extends 'serial' | 'aaguid' | 'model'>(key: K, value: Row[K] | undefined) => {
        if (value !== undefined && value !== before[key]) {
          changed[key] = { before: before[key], after: value };
          set[key] = value;
        }
      };
      field('serial', c.serial);
      field('aaguid', c.aaguid === undefined || c.aaguid === null ? c.aaguid : c.aaguid.toLowerCase());
      field('model', c.model === '' ? null : c.model);
      const serialAfter = set.serial !== undefined ? set.serial : before.serial;
      const aaguidAfter = set.aaguid !== undefined ? set.aaguid : before.aaguid;
      if (serialAfter === null && aaguidAfter === null) throw conflict('Une clé garde un numéro de série ou un AAGUID.');
      if (c.status !== undefined && c.status !== before.status) {
        const refused = fleetKeyStatusChange(before.status, c.status);
        if (refused) throw conflict(refused);
        changed.status = { before: before.status, after: c.status };
        set.status = c.status;
        if (before.status === 'assigned') {
          const heldBy = await endAssignment(tx, { keyId: before.id }, new Date());
          set.assignedAgentId = null;
          changed.assignee = { before: heldBy ?? before.assignedAgentId, after: null };
        }
      }
      if (Object.keys(changed).length > 0) {
        await tx.update(fleetKeys).set(set).where(eq(fleetKeys.id, before.id));
        await recordAudit(tx, input.tenantId, {
          action: 'fleet.key_updated',
          actor: input.actor,
          target: { type: 'fleet_key', id: before.id },
          data: { changes: changed },
          requestId: input.requestId,
        });
      }
      return readKey(tx, before.id);
    })
    .catch((error: unknown) => asConflict(error, serialTaken(c.serial)));
}

export async function assignFleetKey(database: Database, input: Write & { keyId: string; agentId: string }): Promise<FleetKey> {
  return database.tenant(input.tenantId, async (tx) => {
    const before = await lockKey(tx, input.keyId);
    const refused = fleetKeyAssignable(before.status);
    if (refused) throw conflict(refused);
    await receivingAgent(tx, input.agentId);
    if (before.status === 'assigned' && before.assignedAgentId === input.agentId) return readKey(tx, before.id);
    await startAssignment(tx, input.tenantId, { keyId: before.id }, input.agentId, new Date());
    await tx.update(fleetKeys).set({ status: 'assigned', assignedAgentId: input.agentId }).where(eq(fleetKeys.id, before.id));
    await recordAudit(tx, input.tenantId, {
      action: 'fleet.key_assigned',
      actor: input.actor,
      target: { type: 'fleet_key', id: before.id },
      data: { agent: input.agentId, previousAgent: before.assignedAgentId, previousStatus: before.status },
      requestId: input.requestId,
    });
    return readKey(tx, before.id);
  });
}
