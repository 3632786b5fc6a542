// Devices of the fleet. IT registers a managed laptop or a thin client: Estran issues a
// one-time registration link opened on that device, which stores the device credential
// in an HttpOnly cookie; sessions opened there carry the device's trust level. The
// helpdesk declares a device stolen: its sessions end at once, its credential is
// revoked, and if it ever connects again it is refused and told to wipe its vault.
import { asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { devices } from './schema.ts';
import { parseTenantToken, randomToken, sha256, tenantToken } from '../../platform/crypto.ts';
import { badRequest, conflict, gone, notFound } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { endDeviceSessions } from '../auth/index.ts';
import { agentById, agentNames, likePattern } from '../org/index.ts';
import { endAssignment, startAssignment } from './fleet-assignments.ts';

export type DeviceView = {
  id: string;
  name: string;
  kind: 'managed' | 'thin-client';
  assignedTo: string | null;
  registeredAt: string | null;
  stolenAt: string | null;
  revokedAt: string | null;
};

function present(d: typeof devices.$inferSelect, assignedTo: string | null): DeviceView {
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    assignedTo,
    registeredAt: d.registeredAt?.toISOString() ?? null,
    stolenAt: d.stolenAt?.toISOString() ?? null,
    revokedAt: d.revokedAt?.toISOString() ?? null,
  };
}

export async function createDevice(
  database: Database,
  input: { tenantId: string; name: string; kind: 'managed' | 'thin-client'; assignedAgentId?: string | undefined; actor: AuditActor; requestId?: string | undefined },
) {
  const secret = randomToken();
  const device = await database.tenant(input.tenantId, async (tx) => {
    if (input.assignedAgentId) {
      const a = await agentById(tx, input.assignedAgentId);
      if (!a) throw notFound('Agent introuvable.');
    }
    // A device registered from here is a computer of the inventory too (fleet, laptops.ts):
    // given to its agent at once when one is named.
    const [d] = await tx
      .insert(devices)
      .values({
        tenantId: input.tenantId,
        name: input.name,
        kind: input.kind,
        registrationHash: sha256(secret),
        assignedAgentId: input.assignedAgentId ?? null,
        status: input.assignedAgentId ? 'assigned' : 'in-stock',
      })
      .returning();
    if (input.assignedAgentId) await startAssignment(tx, input.tenantId, { deviceId: d!.id }, input.assignedAgentId, d!.createdAt);
    await recordAudit(tx, input.tenantId, {
      action: 'device.created',
      actor: input.actor,
      target: { type: 'device', id: d!.id },
      data: { name: input.name, kind: input.kind, assignedAgent: input.assignedAgentId ?? null },
      requestId: input.requestId,
    });
    return d!;
  });
  return { device: present(device, null), token: tenantToken(input.tenantId, secret) };
}

/**
 * On the device itself: the registration link is used once, and the device receives a
 * new secret of its own (its credential, kept in an HttpOnly cookie): a copy of the
 * link, seen by IT or in a mailbox, is worth nothing afterwards.
 */
export async function registerDevice(database: Database, input: { token: string; userAgent?: string | undefined; requestId?: string | undefined }) {
  const parsed = parseTenantToken(input.token);
  if (!parsed) throw badRequest('Ce lien d’enregistrement de poste est mal formé.');
  return database.tenant(parsed.tenantId, async (tx) => {
    const [d] = await tx.select().from(devices).where(eq(devices.registrationHash, sha256(parsed.secret))).for('update');
    if (!d) throw notFound('Ce lien d’enregistrement de poste est inconnu.');
    if (d.stolenAt || d.revokedAt) throw gone('Ce poste a été retiré du parc.');
    if (d.registeredAt) throw gone('Ce lien d’enregistrement a déjà été utilisé.');
    const credential = randomToken();
    // The browser's user-agent, kept to tell computers apart in the fleet (« Firefox sur Windows »).
    const userAgent = input.userAgent ? input.userAgent.slice(0, 500) : null;
    await tx.update(devices).set({ registeredAt: new Date(), secretHash: sha256(credential), registeredUserAgent: userAgent }).where(eq(devices.id, d.id));
    await recordAudit(tx, parsed.tenantId, {
      action: 'device.registered',
      actor: { type: 'system' },
      target: { type: 'device', id: d.id },
      data: { name: d.name, kind: d.kind },
      requestId: input.requestId,
    });
    return { device: present({ ...d, registeredAt: new Date() }, null), credential: tenantToken(parsed.tenantId, credential) };
  });
}

export async function listDevices(database: Database, tenantId: string, query: { q?: string | undefined; page: number; pageSize: number }) {
  return database.tenant(tenantId, async (tx) => {
    const where: SQL | undefined = query.q ? or(ilike(devices.name, likePattern(query.q)), ilike(devices.serial, likePattern(query.q))) : undefined;
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(devices).where(where);
    const rows = await tx
      .select()
      .from(devices)
      .where(where)
      .orderBy(asc(devices.name), asc(devices.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    // The assignees' names come from org (one more statement for the page, not a join).
    const names = await agentNames(tx, rows.flatMap((d) => (d.assignedAgentId ? [d.assignedAgentId] : [])));
    return {
      items: rows.map((d) => present(d, (d.assignedAgentId && names.get(d.assignedAgentId)) ?? null)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

export async function declareDeviceStolen(
  database: Database,
  input: { tenantId: string; deviceId: string; actor: AuditActor; note?: string | undefined; requestId?: string | undefined },
) {
  return database.tenant(input.tenantId, async (tx) => {
    const [d] = await tx.select().from(devices).where(eq(devices.id, input.deviceId)).for('update');
    if (!d) throw notFound('Poste introuvable.');
    if (d.stolenAt) throw conflict('Ce poste est déjà déclaré volé.');
    const now = new Date();
    // The fleet's status follows (migration 0013: `stolen` ⇔ stolen_at); its holding ends.
    await endAssignment(tx, { deviceId: d.id }, now);
    await tx.update(devices).set({ stolenAt: now, revokedAt: now, status: 'stolen', assignedAgentId: null }).where(eq(devices.id, d.id));
    const ended = await endDeviceSessions(tx, d.id, now);
    await recordAudit(tx, input.tenantId, {
      action: 'device.declared_stolen',
      actor: input.actor,
      target: { type: 'device', id: d.id },
      data: { name: d.name, sessionsEnded: ended.length, note: input.note ?? null, previousStatus: d.status, previousAgent: d.assignedAgentId },
      requestId: input.requestId,
    });
    return { sessionsEnded: ended.length };
  });
}
