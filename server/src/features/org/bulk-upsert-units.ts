// Many units created and changed at once, in the caller's tenant transaction (the
// directory's import of a units file, features/directory): the caller has checked the
// codes, the kinds, the parents (open units of the tenant or units of the same file) and
// that no move makes a loop, and orders the new units parents first. Each is audited as
// the units tab audits it: unit.created, unit.updated with the fields before and after.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import type { DirectoryUnit } from './read-directory.ts';
import { units } from './schema.ts';

type Kind = DirectoryUnit['kind'];
/** A parent: an existing unit's id, a new unit of the same batch by its code, or the root. */
export type UnitParentRef = { id: string } | { code: string } | null;

export async function bulkUpsertUnits(
  tx: Tx,
  tenantId: string,
  input: {
    /** Parents first: a `{ code }` parent is created earlier in the list. */
    create: { code: string; name: string; kind: Kind; parent: UnitParentRef }[];
    update: { before: DirectoryUnit; after: { name: string; kind: Kind; parent: UnitParentRef } }[];
    actor: AuditActor;
    source: string;
    requestId?: string | undefined;
  },
): Promise<{ created: string[]; updated: string[] }> {
  const idOfCode = new Map<string, string>();
  const parentId = (p: UnitParentRef) => {
    if (!p) return null;
    if ('id' in p) return p.id;
    const id = idOfCode.get(p.code);
    if (!id) throw new Error(`unit ${p.code} is created after its child`);
    return id;
  };
  const created: string[] = [];
  for (const u of input.create) {
    const values = { name: u.name, code: u.code, kind: u.kind, parentId: parentId(u.parent) };
    const [row] = await tx.insert(units).values({ tenantId, ...values }).returning({ id: units.id });
    idOfCode.set(u.code, row!.id);
    created.push(row!.id);
    await recordAudit(tx, tenantId, { action: 'unit.created', actor: input.actor, target: { type: 'unit', id: row!.id }, data: { ...values, source: input.source }, requestId: input.requestId });
  }
  const updated: string[] = [];
  for (const { before, after } of input.update) {
    const next = { name: after.name, kind: after.kind, parentId: parentId(after.parent) };
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const f of ['name', 'kind', 'parentId'] as const) if (before[f] !== next[f]) changes[f] = { before: before[f], after: next[f] };
    if (Object.keys(changes).length === 0) continue;
    await tx.update(units).set(next).where(eq(units.id, before.id));
    updated.push(before.id);
    await recordAudit(tx, tenantId, { action: 'unit.updated', actor: input.actor, target: { type: 'unit', id: before.id }, data: { changes, source: input.source }, requestId: input.requestId });
  }
  return { created, updated };
}
