// A file of units (no e-mail column, a `code` column: directoryUnitImportColumns), checked
// and applied all or nothing like a file of agents, in the same tenant transaction under
// the same import lock. Each line is one unit, matched by its code (exactly, as the units
// tab keeps codes unique):
//   1. the code and the name by the units form's rules (createUnitBody), the kind by code
//      or French label (required for a new unit; an empty cell keeps an existing one's);
//   2. a code twice in the file is refused, naming the first line;
//   3. a closed unit is not changed by a file (reopen it in the units tab first);
//   4. the parent: the code of an open unit of the tenant or of a unit of the same file
//      (in any order); an empty cell puts the unit at the root; no `parent` column keeps it;
//   5. no loop: following the parents from each unit of the file, as they will be, reaches the root;
//   6. new units are written parents first, then the changed ones (org's bulkUpsertUnits).
import { sql } from 'drizzle-orm';
import { createUnitBody, unitKindLabelsFr, unitKinds, type DirectoryImportMode, type DirectoryRefusal, type DirectoryUnitImportField } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { bulkUpsertUnits, readDirectory, type DirectoryUnit, type UnitParentRef } from '../org/index.ts';
import { foldKey, summarize, type DirectoryApplyReport } from './apply-records.ts';

export type UnitRecord = { line: number } & { [F in DirectoryUnitImportField]?: string | null };
type Kind = DirectoryUnit['kind'];

const kindByKey = new Map<string, Kind>();
for (const k of unitKinds) {
  kindByKey.set(foldKey(k), k);
  kindByKey.set(foldKey(unitKindLabelsFr[k]), k);
}

export async function applyUnitRecordsTx(
  tx: Tx,
  tenantId: string,
  records: readonly UnitRecord[],
  options: { actor: AuditActor; mode: DirectoryImportMode; fieldLabels?: Partial<Record<DirectoryUnitImportField, string>>; source?: string; requestId?: string | undefined },
): Promise<DirectoryApplyReport> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('estran.directory-import'), hashtext(${tenantId}))`);
  const { units: existing } = await readDirectory(tx);
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const byId = new Map(existing.map((u) => [u.id, u]));
  const refused: DirectoryRefusal[] = [];
  const labelOf = (f: DirectoryUnitImportField) => options.fieldLabels?.[f] ?? f;

  // Steps 1–3: each line on its own.
  type Row = { line: number; code: string; name: string | null; kind: Kind | null; parentCode: string | null | undefined; before: DirectoryUnit | undefined };
  const rows: Row[] = [];
  const firstLine = new Map<string, number>();
  for (const r of records) {
    let ok = true;
    const refuse = (field: DirectoryUnitImportField | undefined, reason: string) => {
      ok = false;
      refused.push({ line: r.line, ...(field ? { field: labelOf(field) } : {}), reason });
    };
    const parse = (field: 'code' | 'name', raw: string | null | undefined) => {
      if (raw === undefined || raw === null || raw.trim() === '') return null;
      const parsed = createUnitBody.shape[field].safeParse(raw);
      if (parsed.success) return parsed.data;
      refuse(field, parsed.error.issues[0]?.message ?? 'Valeur invalide.');
      return null;
    };
    const code = parse('code', r.code);
    if (!code && (r.code ?? '').trim() === '') refuse('code', 'Code de l’unité obligatoire.');
    const name = parse('name', r.name);
    let kind: Kind | null = null;
    if (r.kind && r.kind.trim() !== '') {
      kind = kindByKey.get(foldKey(r.kind)) ?? null;
      if (!kind) refuse('kind', `Type d’unité inconnu : « ${r.kind.trim()} » (attendu : ${unitKinds.map((k) => unitKindLabelsFr[k]).join(', ')}, ou leur code).`);
    }
    const parentCode = r.parent === undefined ? undefined : r.parent === null || r.parent.trim() === '' ? null : r.parent.trim();
    if (!code) continue;
    const first = firstLine.get(code);
    if (first) {
      refuse('code', `Le code « ${code} » figure déjà à la ligne ${first}.`);
      continue;
    }
    firstLine.set(code, r.line);
    const before = byCode.get(code);
    if (before?.closed) refuse('code', `L’unité « ${before.name} » est fermée : rouvrez-la dans l’onglet Unités avant de la modifier par un import.`);
    if (!before && !name) refuse('name', 'Nom de l’unité obligatoire pour une nouvelle unité.');
    if (!before && !kind) refuse('kind', 'Type d’unité obligatoire pour une nouvelle unité.');
    if (parentCode === code) refuse('parent', 'Une unité ne peut pas être sa propre unité parente.');
    if (ok) rows.push({ line: r.line, code, name, kind, parentCode, before });
  }

  // Step 4: parents, then step 5: the tree as it will be has no loop.
  const inFile = new Map(rows.map((r) => [r.code, r]));
  const parentOf = new Map<string, string | null>(); // code → parent code, as it will be
  for (const u of existing) parentOf.set(u.code, u.parentId ? (byId.get(u.parentId)?.code ?? null) : null);
  const accepted: Row[] = [];
  for (const r of rows) {
    if (r.parentCode) {
      const parent = byCode.get(r.parentCode);
      if (!parent && !inFile.has(r.parentCode)) {
        refused.push({ line: r.line, field: labelOf('parent'), reason: `Unité parente inconnue : « ${r.parentCode} » (ni une unité de la collectivité ni une ligne du fichier).` });
        continue;
      }
      if (parent?.closed) {
        refused.push({ line: r.line, field: labelOf('parent'), reason: `L’unité parente « ${parent.name} » est fermée : elle ne peut plus recevoir d’unité.` });
        continue;
      }
    }
    if (r.parentCode !== undefined) parentOf.set(r.code, r.parentCode);
    else if (!r.before) parentOf.set(r.code, null);
    accepted.push(r);
  }
  for (const r of accepted) {
    const seen = new Set<string>([r.code]);
    for (let p = parentOf.get(r.code); p; p = parentOf.get(p) ?? null) {
      if (seen.has(p)) {
        refused.push({ line: r.line, field: labelOf('parent'), reason: `Boucle dans l’arbre des unités : « ${r.code} » se retrouverait sous elle-même (par « ${p} »).` });
        break;
      }
      seen.add(p);
    }
  }
  refused.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  // Step 6: what changes.
  const ref = (code: string | null): UnitParentRef => (code === null ? null : byCode.has(code) ? { id: byCode.get(code)!.id } : { code });
  const creates = accepted.filter((r) => !r.before);
  const ordered: typeof creates = [];
  const placed = new Set<string>();
  while (ordered.length < creates.length) {
    const before = ordered.length;
    for (const r of creates) {
      const p = parentOf.get(r.code) ?? null;
      if (!placed.has(r.code) && (p === null || byCode.has(p) || placed.has(p))) {
        ordered.push(r);
        placed.add(r.code);
      }
    }
    if (ordered.length === before) break; // a loop: already refused above
  }
  const update = accepted
    .filter((r) => r.before)
    .map((r) => {
      const b = r.before!;
      return { before: b, after: { name: r.name ?? b.name, kind: r.kind ?? b.kind, parent: ref(parentOf.get(r.code) ?? null) } };
    });
  const changed = update.filter(({ before: b, after: a }) => {
    const parentCode = b.parentId ? (byId.get(b.parentId)?.code ?? null) : null;
    return a.name !== b.name || a.kind !== b.kind || parentCode !== (parentOf.get(b.code) ?? null);
  });
  const report = { mode: options.mode, records: records.length, created: creates.length, updated: changed.length, unchanged: update.length - changed.length, refused };
  if (refused.length || options.mode === 'check') {
    const result = { ...report, applied: false };
    return { ...result, summary: summarize(result, { feminine: true }), agentIds: [] };
  }
  await bulkUpsertUnits(tx, tenantId, {
    create: ordered.map((r) => ({ code: r.code, name: r.name!, kind: r.kind!, parent: ref(parentOf.get(r.code) ?? null) })),
    update: changed,
    actor: options.actor,
    source: options.source ?? 'import',
    requestId: options.requestId,
  });
  const result = { ...report, applied: true };
  return { ...result, summary: summarize(result, { feminine: true }), agentIds: [] };
}
