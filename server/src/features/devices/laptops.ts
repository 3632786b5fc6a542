// The computers of the inventory (laptops and thin clients): rows of `devices`, whether
// registered with their one-time link or not. An administrator enters one (in stock),
// changes it, gives it to an agent, or makes its registration link. Status changes follow
// contracts' laptopStatusChange: `stolen` stays the helpdesk's one action
// (declareDeviceStolen in devices.ts), and retiring a computer revokes it as a device —
// its sessions end and, if it ever connects again, it is refused and its vault wiped
// (auth's device trust reads revoked_at). Every write audited (fleet.laptop_*).
import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import { laptopAssignable, laptopStatusChange, type CreateLaptopBody, type Laptop, type LaptopStatus, type UpdateLaptopBody } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { randomToken, sha256, tenantToken } from '../../platform/crypto.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { endDeviceSessions } from '../auth/index.ts';
import { agentNames, likePattern } from '../org/index.ts';
import { asConflict, endAssignment, heldSince, receivingAgent, startAssignment } from './fleet-assignments.ts';
import { devices } from './schema.ts';

type Row = typeof devices.$inferSelect;
type Write = { tenantId: string; actor: AuditActor; requestId?: string | undefined };

const serialTaken = (serial: string | undefined | null) => `Un autre ordinateur du parc porte déjà le numéro de série « ${serial ?? ''} ».`;

export async function presentLaptops(tx: Tx, rows: Row[]): Promise<Laptop[]> {
  const names = await agentNames(tx, rows.flatMap((d) => (d.assignedAgentId ? [d.assignedAgentId] : [])));
  const since = await heldSince(tx, rows.filter((d) => d.status === 'assigned').map((d) => ({ deviceId: d.id })));
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    kind: d.kind,
    serial: d.serial,
    model: d.model,
    status: d.status,
    assignee: d.assignedAgentId ? { id: d.assignedAgentId, name: names.get(d.assignedAgentId) ?? '' } : null,
    assignedAt: since.get(d.id)?.toISOString() ?? null,
    registeredAt: d.registeredAt?.toISOString() ?? null,
    registeredUserAgent: d.registeredUserAgent,
    stolenAt: d.stolenAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}

async function lockLaptop(tx: Tx, id: string): Promise<Row> {
  const [d] = await tx.select().from(devices).where(eq(devices.id, id)).for('update');
  if (!d) throw notFound('Ordinateur introuvable.');
  return d;
}

async function readLaptop(tx: Tx, id: string): Promise<Laptop> {
  const [d] = await tx.select().from(devices).where(eq(devices.id, id));
  return (await presentLaptops(tx, [d!]))[0]!;
}

export async function listLaptops(database: Database, tenantId: string, query: { q?: string | undefined; status?: LaptopStatus | undefined; page: number; pageSize: number }) {
  return database.tenant(tenantId, async (tx) => {
    const like = query.q ? likePattern(query.q) : null;
    const where: SQL | undefined = and(
      like ? or(ilike(devices.name, like), ilike(devices.serial, like), ilike(devices.model, like)) : undefined,
      query.status ? eq(devices.status, query.status) : undefined,
    );
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(devices).where(where);
    const rows = await tx
      .select()
      .from(devices)
      .where(where)
      .orderBy(asc(devices.name), asc(devices.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: await presentLaptops(tx, rows), total, page: query.page, pageSize: query.pageSize };
  });
}

export async function createLaptop(database: Database, input: Write & { laptop: CreateLaptopBody }): Promise<Laptop> {
  const { serial, kind } = input.laptop;
  const model = input.laptop.model || null;
  const name = input.laptop.name ?? serial;
  return database
    .tenant(input.tenantId, async (tx) => {
      const [d] = await tx.insert(devices).values({ tenantId: input.tenantId, name, kind, serial, model, status: 'in-stock' }).returning();
      await recordAudit(tx, input.tenantId, {
        action: 'fleet.laptop_created',
        actor: input.actor,
        target: { type: 'device', id: d!.id },
        data: { name, kind, serial, model },
        requestId: input.requestId,
      });
      return (await presentLaptops(tx, [d!]))[0]!;
    })
    .catch((error: unknown) => asConflict(error, serialTaken(serial)));
}

export async function updateLaptop(database: Database, input: Write & { laptopId: string; changes: UpdateLaptopBody }): Promise<Laptop> {
  const c = input.changes;
  return database
    .tenant(input.tenantId, async (tx) => {
      const before = await lockLaptop(tx, input.laptopId);
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      const set: Partial<typeof devices.$inferInsert> = {};
      const field = <K extends 'name' | 'serial' | 'model' | 'kind'>(key: K, value: Row[K] | undefined) => {
        if (value !== undefined && value !== before[key]) {
          changed[key] = { before: before[key], after: value };
          set[key] = value;
        }
      };
      field('name', c.name);
      field('serial', c.serial);
      field('model', c.model === '' ? null : c.model);
      field('kind', c.kind);
      const now = new Date();
      let sessionsEnded = 0;
      if (c.status !== undefined && c.status !== before.status) {
        const refused = laptopStatusChange(before.status, c.status);
        if (refused) throw conflict(refused);
        changed.status = { before: before.status, after: c.status };
        set.status = c.status;
        if (before.status === 'assigned') {
          // Leaving `assigned`: the holding ends (returned, in repair, lost, retired).
          const heldBy = await endAssignment(tx, { deviceId: before.id }, now);
          set.assignedAgentId = null;
          changed.assignee = { before: heldBy ?? before.assignedAgentId, after: null };
        }
        if (c.status === 'retired' && !before.revokedAt) {
          // A retired computer is no longer a device of the tenant: refused if it connects.
          set.revokedAt = now;
          sessionsEnded = (await endDeviceSessions(tx, before.id, now)).length;
        }
      }
      if (Object.keys(changed).length > 0) {
        await tx.update(devices).set(set).where(eq(devices.id, before.id));
        await recordAudit(tx, input.tenantId, {
          action: 'fleet.laptop_updated',
          actor: input.actor,
          target: { type: 'device', id: before.id },
          data: { changes: changed, ...(sessionsEnded ? { sessionsEnded } : {}) },
          requestId: input.requestId,
        });
      }
      return readLaptop(tx, before.id);
    })
    .catch((error: unknown) => asConflict(error, serialTaken(c.serial)));
}

export async function assignLaptop(database: Database, input: Write & { laptopId: string; agentId: string }): Promise<Laptop> {
  return database.tenant(input.tenantId, async (tx) => {
    const before = await lockLaptop(tx, input.laptopId);
    const refused = laptopAssignable(before.status);
    if (refused) throw conflict(refused);
    await receivingAgent(tx, input.agentId);
    if (before.status === 'assigned' && before.assignedAgentId === input.agentId) return readLaptop(tx, before.id);
    await startAssignment(tx, input.tenantId, { deviceId: before.id }, input.agentId, new Date());
    await tx.update(devices).set({ status: 'assigned', assignedAgentId: input.agentId }).where(eq(devices.id, before.id));
    await recordAudit(tx, input.tenantId, {
      action: 'fleet.laptop_assigned',
      actor: input.actor,
      target: { type: 'device', id: before.id },
      data: { agent: input.agentId, previousAgent: before.assignedAgentId, previousStatus: before.status },
      requestId: input.requestId,
    });
    return readLaptop(tx, before.id);
  });
}

/**
 * A new one-time registration link for a computer of the inventory (the previous link, if
 * any, is void: its hash is replaced). Refused once the computer is registered (its own
 * credential exists), stolen or retired.
 */
export async function createRegistrationLink(database: Database, input: Write & { laptopId: string }): Promise<{ token: string }> {
  const secret = randomToken();
  await database.tenant(input.tenantId, async (tx) => {
    const d = await lockLaptop(tx, input.laptopId);
    if (d.stolenAt || d.revokedAt) throw conflict('Ce poste a été retiré du parc : il ne peut plus être enregistré.');
    if (d.registeredAt) throw conflict('Ce poste est déjà enregistré.');
    await tx.update(devices).set({ registrationHash: sha256(secret) }).where(eq(devices.id, d.id));
    await recordAudit(tx, input.tenantId, {
      action: 'fleet.laptop_registration_link',
      actor: input.actor,
      target: { type: 'device', id: d.id },
      data: { name: d.name },
      requestId: input.requestId,
    });
  });
  return { token: tenantToken(input.tenantId, secret) };
}
