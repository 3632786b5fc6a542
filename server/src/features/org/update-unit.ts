// An administrator changes a unit (PATCH /api/admin/units/{id}): renames it, changes its
// code or kind, moves it under another open unit or to the root, closes or reopens it.
// A closed unit keeps its history and stays listed with its closing date; it receives no
// new unit or site (unit-rules.ts). A move that would put a unit under itself or one of
// its descendants is a cycle: 409. Audited with each changed field before and after, in
// the same transaction as the change.
import { asc, eq } from 'drizzle-orm';
import type { Unit, UpdateUnitBody } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { readUnit } from './list-units.ts';
import { units } from './schema.ts';
import { asCodeConflict, checkUnitCode, openUnit } from './unit-rules.ts';

export async function updateUnit(
  database: Database,
  input: { tenantId: string; unitId: string; changes: UpdateUnitBody; actor: AuditActor; requestId?: string | undefined },
): Promise<Unit> {
  const c = input.changes;
  return database
    .tenant(input.tenantId, async (tx) => {
      // A move locks the tenant's units first, in one order (checkMove says why).
      const tree = c.parentId ? await lockTree(tx) : null;
      const [before] = await tx.select().from(units).where(eq(units.id, input.unitId)).for('update');
      if (!before) throw notFound('Unité introuvable.');
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      const set: Partial<typeof units.$inferInsert> = {};
      if (c.name !== undefined && c.name !== before.name) {
        changed.name = { before: before.name, after: c.name };
        set.name = c.name;
      }
      if (c.code !== undefined && c.code !== before.code) {
        await checkUnitCode(tx, c.code, before.id);
        changed.code = { before: before.code, after: c.code };
        set.code = c.code;
      }
      if (c.kind !== undefined && c.kind !== before.kind) {
        changed.kind = { before: before.kind, after: c.kind };
        set.kind = c.kind;
      }
      if (c.parentId !== undefined && c.parentId !== before.parentId) {
        if (c.parentId !== null) await checkMove(tx, tree!, before.id, c.parentId);
        changed.parentId = { before: before.parentId, after: c.parentId };
        set.parentId = c.parentId;
      }
      if (c.closed !== undefined && c.closed !== (before.closedAt !== null)) {
        const closedAt = c.closed ? new Date() : null;
        changed.closedAt = { before: before.closedAt?.toISOString() ?? null, after: closedAt?.toISOString() ?? null };
        set.closedAt = closedAt;
      }
      if (Object.keys(changed).length > 0) {
        await tx.update(units).set(set).where(eq(units.id, before.id));
        await recordAudit(tx, input.tenantId, {
          action: 'unit.updated',
          actor: input.actor,
          target: { type: 'unit', id: before.id },
          data: { changes: changed },
          requestId: input.requestId,
        });
      }
      return (await readUnit(tx, before.id))!;
    })
    .catch((error: unknown) => asCodeConflict(error, c.code));
}

/** The tenant's units and their parents, each row locked, in the order of their ids. */
async function lockTree(tx: Tx): Promise<Map<string, string | null>> {
  const all = await tx.select({ id: units.id, parentId: units.parentId }).from(units).orderBy(asc(units.id)).for('update');
  return new Map(all.map((u) => [u.id, u.parentId]));
}

/**
 * Moving `unitId` under `parentId`: the parent is an open unit of the tenant, and neither
 * the unit itself nor one of its descendants. The tree was locked before (lockTree), so
 * two moves at once cannot each pass this check and make a cycle together.
 */
async function checkMove(tx: Tx, parentOf: Map<string, string | null>, unitId: string, parentId: string) {
  const parent = await openUnit(tx, parentId, 'parent');
  const seen = new Set<string>();
  for (let id: string | null | undefined = parent.id; id && !seen.has(id); id = parentOf.get(id)) {
    if (id === unitId) throw conflict(`L’unité ne peut pas être rattachée à « ${parent.name} » : ce serait une boucle (c’est elle-même ou l’une de ses sous-unités).`);
    seen.add(id);
  }
}
