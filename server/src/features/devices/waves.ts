// Deployment waves: a named list of agents to equip by a date, as the original deployment
// equipped a département's agents site by site. Progress counts the agents equipped —
// fleet-progress.ts says exactly what that means. Creating and changing a wave is audited
// (fleet.wave_created, fleet.wave_updated, with the agents added and removed).
import { and, asc, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { CreateWaveBody, UpdateWaveBody, Wave, WaveAgent } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { agentById, agentNames, likePattern } from '../org/index.ts';
import { asConflict } from './fleet-assignments.ts';
import { equippedSql, holdings } from './fleet-progress.ts';
import { fleetWaveAgents, fleetWaves } from './schema.ts';

type Write = { tenantId: string; actor: AuditActor; requestId?: string | undefined };

const nameTaken = (name: string | undefined) => `Une autre vague porte déjà le nom « ${name ?? ''} ».`;

/** The waves (all, or those of `ids`) with their agents and equipped counts. */
async function wavesWithProgress(tx: Tx, options: { ids?: string[]; where?: SQL | undefined; limit?: number; offset?: number }): Promise<Wave[]> {
  const rows = await tx
    .select({
      id: fleetWaves.id,
      name: fleetWaves.name,
      dueDate: fleetWaves.dueDate,
      createdAt: fleetWaves.createdAt,
      agents: sql<number>`(select count(*)::int from fleet_wave_agents wa where wa.wave_id = ${fleetWaves.id})`,
      equipped: sql<number>`(select count(*)::int from fleet_wave_agents wa where wa.wave_id = ${fleetWaves.id} and ${equippedSql(sql`wa.agent_id`)})`,
    })
    .from(fleetWaves)
    .where(and(options.ids ? inArray(fleetWaves.id, options.ids) : undefined, options.where))
    .orderBy(asc(fleetWaves.dueDate), asc(fleetWaves.name), asc(fleetWaves.id))
    .limit(options.limit ?? 1000)
    .offset(options.offset ?? 0);
  return rows.map((w) => ({ ...w, agents: Number(w.agents), equipped: Number(w.equipped), createdAt: w.createdAt.toISOString() }));
}

export async function listWaves(database: Database, tenantId: string, query: { q?: string | undefined; page: number; pageSize: number }) {
  return database.tenant(tenantId, async (tx) => {
    const where = query.q ? ilike(fleetWaves.name, likePattern(query.q)) : undefined;
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(fleetWaves).where(where);
    const items = await wavesWithProgress(tx, { where, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
    return { items, total, page: query.page, pageSize: query.pageSize };
  });
}

/** Every agent id belongs to the tenant (row-level security hides the others: 404). */
async function checkAgents(tx: Tx, agentIds: readonly string[]) {
  for (const id of new Set(agentIds)) if (!(await agentById(tx, id))) throw notFound('Agent introuvable.');
}

async function addAgents(tx: Tx, tenantId: string, waveId: string, agentIds: readonly string[]): Promise<string[]> {
  if (agentIds.length === 0) return [];
  const added = await tx
    .insert(fleetWaveAgents)
    .values([...new Set(agentIds)].map((agentId) => ({ tenantId, waveId, agentId })))
    .onConflictDoNothing()
    .returning({ agentId: fleetWaveAgents.agentId });
  return added.map((a) => a.agentId);
}

export async function createWave(database: Database, input: Write & { wave: CreateWaveBody }): Promise<{ id: string }> {
  const { name, dueDate, agentIds } = input.wave;
  return database
    .tenant(input.tenantId, async (tx) => {
      await checkAgents(tx, agentIds);
      const [w] = await tx.insert(fleetWaves).values({ tenantId: input.tenantId, name, dueDate }).returning({ id: fleetWaves.id });
      const added = await addAgents(tx, input.tenantId, w!.id, agentIds);
      await recordAudit(tx, input.tenantId, {
        action: 'fleet.wave_created',
        actor: input.actor,
        target: { type: 'fleet_wave', id: w!.id },
        data: { name, dueDate, agents: added },
        requestId: input.requestId,
      });
      return { id: w!.id };
    })
    .catch((error: unknown) => asConflict(error, nameTaken(name)));
}

export async function updateWave(database: Database, input: Write & { waveId: string; changes: UpdateWaveBody }): Promise<Wave> {
  const c = input.changes;
  return database
    .tenant(input.tenantId, async (tx) => {
      const [before] = await tx.select().from(fleetWaves).where(eq(fleetWaves.id, input.waveId)).for('update');
      if (!before) throw notFound('Vague introuvable.');
      const changed: Record<string, unknown> = {};
      const set: Partial<typeof fleetWaves.$inferInsert> = {};
      if (c.name !== undefined && c.name !== before.name) {
        changed.name = { before: before.name, after: c.name };
        set.name = c.name;
      }
      if (c.dueDate !== undefined && c.dueDate !== before.dueDate) {
        changed.dueDate = { before: before.dueDate, after: c.dueDate };
        set.dueDate = c.dueDate;
      }
      if (c.addAgentIds?.length && c.removeAgentIds?.some((id) => c.addAgentIds!.includes(id))) {
        throw conflict('Un même agent ne peut pas être ajouté et retiré à la fois.');
      }
      if (Object.keys(set).length) await tx.update(fleetWaves).set(set).where(eq(fleetWaves.id, before.id));
      if (c.addAgentIds?.length) {
        await checkAgents(tx, c.addAgentIds);
        const added = await addAgents(tx, input.tenantId, before.id, c.addAgentIds);
        if (added.length) changed.agentsAdded = added;
      }
      if (c.removeAgentIds?.length) {
        const removed = await tx
          .delete(fleetWaveAgents)
          .where(and(eq(fleetWaveAgents.waveId, before.id), inArray(fleetWaveAgents.agentId, [...new Set(c.removeAgentIds)])))
          .returning({ agentId: fleetWaveAgents.agentId });
        if (removed.length) changed.agentsRemoved = removed.map((r) => r.agentId);
      }
      if (Object.keys(changed).length) {
        await recordAudit(tx, input.tenantId, {
          action: 'fleet.wave_updated',
          actor: input.actor,
          target: { type: 'fleet_wave', id: before.id },
          data: { changes: changed },
          requestId: input.requestId,
        });
      }
      return (await wavesWithProgress(tx, { ids: [before.id] }))[0]!;
    })
    .catch((error: unknown) => asConflict(error, nameTaken(c.name)));
}

/** A wave's agents by name, each with what they hold; `q` searches their names. */
export async function listWaveAgents(database: Database, tenantId: string, waveId: string, query: { q?: string | undefined; page: number; pageSize: number }) {
  return database.tenant(tenantId, async (tx) => {
    const [w] = await tx.select({ id: fleetWaves.id }).from(fleetWaves).where(eq(fleetWaves.id, waveId));
    if (!w) throw notFound('Vague introuvable.');
    // A wave holds a few thousand agents at most (fleetLimits.waveAgentsMax): their names
    // come from org in one statement, then sorted and paged here.
    const ids = (await tx.select({ agentId: fleetWaveAgents.agentId }).from(fleetWaveAgents).where(eq(fleetWaveAgents.waveId, waveId))).map((r) => r.agentId);
    const names = await agentNames(tx, ids);
    const needle = query.q?.toLocaleLowerCase('fr');
    const sorted = ids
      .map((id) => ({ id, name: names.get(id) ?? '' }))
      .filter((a) => !needle || a.name.toLocaleLowerCase('fr').includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.id.localeCompare(b.id));
    const slice = sorted.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const held = await holdings(tx, slice.map((a) => a.id));
    const items: WaveAgent[] = slice.map((a) => {
      const h = held.get(a.id) ?? { laptop: false, key: false };
      return { ...a, ...h, equipped: h.laptop && h.key };
    });
    return { items, total: sorted.length, page: query.page, pageSize: query.pageSize };
  });
}
