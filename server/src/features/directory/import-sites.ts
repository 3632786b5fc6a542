// A file of sites (no e-mail column, no `code` column, a `city` column:
// directorySiteImportColumns), checked and applied all or nothing like a file of agents,
// in the same tenant transaction under the same import lock. Each line is one site:
//   1. the name, street, postal code and city by the sites form's rules (createSiteBody),
//      the kind by code or French label (required for a new site; empty: kept);
//   2. the unit by its code, else its name (one open unit), as for agents; empty: none;
//   3. matched by name, case and accents aside; several sites of that name: the one of the
//      line's unit, else refused; a name twice in the file (for one unit) is refused;
//   4. written by org's bulkUpsertSites (site.created, site.updated with before and after).
// Opening hours and the sharing with partners stay the sites tab's.
import { sql } from 'drizzle-orm';
import { createSiteBody, siteKindLabelsFr, siteKinds, type DirectoryImportMode, type DirectoryRefusal, type DirectorySiteImportField } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { bulkUpsertSites, readDirectory, type DirectorySite, type DirectorySiteFields } from '../org/index.ts';
import { foldKey, summarize, type DirectoryApplyReport } from './apply-records.ts';

export type SiteRecord = { line: number } & { [F in DirectorySiteImportField]?: string | null };
type Kind = DirectorySite['kind'];

const kindByKey = new Map<string, Kind>();
for (const k of siteKinds) {
  kindByKey.set(foldKey(k), k);
  kindByKey.set(foldKey(siteKindLabelsFr[k]), k);
}

export async function applySiteRecordsTx(
  tx: Tx,
  tenantId: string,
  records: readonly SiteRecord[],
  options: { actor: AuditActor; mode: DirectoryImportMode; fieldLabels?: Partial<Record<DirectorySiteImportField, string>>; source?: string; requestId?: string | undefined },
): Promise<DirectoryApplyReport> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('estran.directory-import'), hashtext(${tenantId}))`);
  const directory = await readDirectory(tx);
  const refused: DirectoryRefusal[] = [];
  const labelOf = (f: DirectorySiteImportField) => options.fieldLabels?.[f] ?? f;
  const sitesByName = new Map<string, DirectorySite[]>();
  for (const s of directory.sites) sitesByName.set(foldKey(s.name), [...(sitesByName.get(foldKey(s.name)) ?? []), s]);
  const unitsByCode = new Map(directory.units.map((u) => [u.code.trim().toLowerCase(), u]));
  const unitsByName = new Map<string, typeof directory.units>();
  for (const u of directory.units) unitsByName.set(foldKey(u.name), [...(unitsByName.get(foldKey(u.name)) ?? []), u]);

  const create: DirectorySiteFields[] = [];
  const update: { before: DirectorySite; after: DirectorySiteFields }[] = [];
  let unchanged = 0;
  const firstLine = new Map<string, number>();
  const shape = createSiteBody.shape;
  for (const r of records) {
    let ok = true;
    const refuse = (field: DirectorySiteImportField, reason: string) => {
      ok = false;
      refused.push({ line: r.line, field: labelOf(field), reason });
    };
    const textField = <F extends 'name' | 'street' | 'postalCode' | 'city'>(field: F): string | null | undefined => {
      const raw = r[field];
      if (raw === undefined) return undefined;
      if (raw === null || raw.trim() === '') return null;
      const rule = field === 'name' ? shape.name : field === 'city' ? shape.city : field === 'street' ? shape.street.unwrap().unwrap() : shape.postalCode.unwrap().unwrap();
      const parsed = rule.safeParse(raw);
      if (parsed.success) return parsed.data as string;
      refuse(field, `${parsed.error.issues[0]?.message ?? 'Valeur invalide.'} (« ${raw.trim()} »)`);
      return undefined;
    };
    const name = textField('name');
    const street = textField('street');
    const postalCode = textField('postalCode');
    const city = textField('city');
    let kind: Kind | null = null;
    if (r.kind && r.kind.trim() !== '') {
      kind = kindByKey.get(foldKey(r.kind)) ?? null;
      if (!kind) refuse('kind', `Type de site inconnu : « ${r.kind.trim()} » (attendu : ${siteKinds.map((k) => siteKindLabelsFr[k]).join(', ')}, ou leur code).`);
    }
    let unitId: string | null | undefined = r.unit === undefined ? undefined : null;
    if (r.unit && r.unit.trim() !== '') {
      const cell = r.unit.trim();
      const byCode = unitsByCode.get(cell.toLowerCase());
      const candidates = byCode ? [byCode] : (unitsByName.get(foldKey(cell)) ?? []);
      const open = candidates.filter((u) => !u.closed);
      if (candidates.length === 0) refuse('unit', `Unité inconnue : « ${cell} » (ni un code ni un nom d’unité de la collectivité).`);
      else if (open.length === 0) refuse('unit', `L’unité « ${cell} » est fermée : elle ne peut plus recevoir de site.`);
      else if (open.length > 1) refuse('unit', `Plusieurs unités s’appellent « ${cell} » : indiquez son code (${open.map((u) => u.code).join(', ')}).`);
      else unitId = open[0]!.id;
    }
    if (!name) {
      if (r.name !== undefined && (r.name ?? '').trim() === '') refuse('name', 'Nom du site obligatoire.');
      continue;
    }
    const key = `${foldKey(name)}|${unitId ?? ''}`;
    const first = firstLine.get(key);
    if (first) refuse('name', `Le site « ${name} » figure déjà à la ligne ${first}.`);
    else firstLine.set(key, r.line);
    const namesakes = sitesByName.get(foldKey(name)) ?? [];
    const matches = namesakes.length > 1 ? namesakes.filter((s) => unitId !== undefined && s.unitId === unitId) : namesakes;
    if (matches.length > 1 || (namesakes.length > 1 && matches.length === 0)) {
      refuse('name', `Plusieurs sites s’appellent « ${name} » : indiquez l’unité du site pour choisir le sien.`);
    }
    const before = matches.length === 1 ? matches[0] : undefined;
    if (!before && !kind) refuse('kind', 'Type de site obligatoire pour un nouveau site.');
    if (!before && !city) refuse('city', 'Commune obligatoire pour un nouveau site.');
    if (!ok) continue;
    const after: DirectorySiteFields = {
      name,
      kind: kind ?? before!.kind,
      unitId: unitId === undefined ? (before?.unitId ?? null) : unitId,
      street: street === undefined ? (before?.street ?? null) : street,
      postalCode: postalCode === undefined ? (before?.postalCode ?? null) : postalCode,
      city: city ?? before!.city,
    };
    if (!before) create.push(after);
    else if ((['name', 'kind', 'unitId', 'street', 'postalCode', 'city'] as const).some((f) => before[f] !== after[f])) update.push({ before, after });
    else unchanged += 1;
  }
  refused.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const report = { mode: options.mode, records: records.length, created: create.length, updated: update.length, unchanged, refused };
  if (refused.length || options.mode === 'check') {
    const result = { ...report, applied: false };
    return { ...result, summary: summarize(result), agentIds: [] };
  }
  await bulkUpsertSites(tx, tenantId, { create, update, actor: options.actor, source: options.source ?? 'import', requestId: options.requestId });
  const result = { ...report, applied: true };
  return { ...result, summary: summarize(result), agentIds: [] };
}
