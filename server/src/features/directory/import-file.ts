// A directory file (CSV or ODS, issue 17 "Bulk import"), checked or applied: the same
// steps for `estran directory import <file>` and POST /api/admin/directory/import.
//   1. the bytes decide the format: a zip is an ODS (its mimetype entry says so), the rest CSV;
//   2. the sheet's rows (parse-csv.ts, parse-ods.ts), blank rows aside, numbered as the
//      spreadsheet shows them;
//   3. the header (the first row): a file of agents (directoryImportColumns), of units
//      when it has a `code` column and no e-mail column (directoryUnitImportColumns), of
//      sites with neither but a `city` column (directorySiteImportColumns); each
//      column named in English or French, any order, case, accents and spacing aside; an
//      unknown, duplicated or missing required column refuses the file at line 1;
//   4. at most directoryImportMaxLines lines besides the header: beyond, the file is refused;
//   5. each row a record, then applyDirectoryRecords (agents), applyUnitRecordsTx (units,
//      import-units.ts) or applySiteRecordsTx (sites, import-sites.ts): all or nothing.
import {
  directoryImportColumns,
  directoryImportRequiredFields,
  directoryUnitImportColumns,
  directoryUnitImportRequiredFields,
  directorySiteImportColumns,
  directorySiteImportRequiredFields,
  limits,
  type DirectoryImportField,
  type DirectoryImportMode,
  type DirectoryRefusal,
} from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { applyDirectoryRecords, foldKey, summarize, type DirectoryApplyReport, type DirectoryRecord } from './apply-records.ts';
import { parseCsv } from './parse-csv.ts';
import { applySiteRecordsTx } from './import-sites.ts';
import { applyUnitRecordsTx } from './import-units.ts';
import { isZip, parseOds } from './parse-ods.ts';
import type { SheetRow } from './sheet-row.ts';

export type ImportFormat = 'csv' | 'ods';

/** A header's columns by folded name, and the names listed when one is unknown. */
function columnIndex<F extends string>(columns: Record<F, readonly string[]>) {
  const byName = new Map<string, F>();
  for (const [field, names] of Object.entries(columns) as [F, readonly string[]][]) for (const n of names) byName.set(foldKey(n), field);
  const accepted = (Object.values(columns) as (readonly string[])[]).map((names) => names.slice(0, 2).join('/')).join(', ');
  return { byName, accepted };
}
const agentColumns = columnIndex(directoryImportColumns);
const unitColumns = columnIndex(directoryUnitImportColumns);
const siteColumns = columnIndex(directorySiteImportColumns);

export type ImportKind = 'agents' | 'units' | 'sites';
/**
 * A file of units has a `code` column and no e-mail column; a file of sites, neither but
 * a `city`/`ville` column; any other file is one of agents.
 */
export function importKind(header: readonly string[]): ImportKind {
  const fields = header.map((h) => agentColumns.byName.get(foldKey(h)));
  if (fields.includes('email')) return 'agents';
  if (header.some((h) => unitColumns.byName.get(foldKey(h)) === 'code')) return 'units';
  return header.some((h) => siteColumns.byName.get(foldKey(h)) === 'city') ? 'sites' : 'agents';
}

/** Steps 1–2: the sheet's rows (at most limit + 1 agent lines kept from an ODS: more is refused anyway). */
export function readSheet(bytes: Uint8Array): { format: ImportFormat; rows: SheetRow[]; truncated: boolean } {
  if (isZip(bytes)) return { format: 'ods', ...parseOds(bytes, limits.directoryImportMaxLines + 2) };
  return { format: 'csv', rows: parseCsv(bytes).rows, truncated: false };
}

/** Step 3: each header cell's field (null: ignored), the labels the file gives them, and the header's refusals. */
function mapHeader<F extends string>(
  header: SheetRow,
  lines: readonly SheetRow[],
  index: ReturnType<typeof columnIndex<F>>,
  columns: Record<F, readonly string[]>,
  required: readonly F[],
): { fields: (F | null)[]; fieldLabels: Partial<Record<F, string>>; refused: DirectoryRefusal[] } {
  const refused: DirectoryRefusal[] = [];
  const fieldLabels: Partial<Record<F, string>> = {};
  if (header.line !== 1) refused.push({ line: 1, reason: 'La première ligne doit nommer les colonnes (elle est vide).' });
  const fields: (F | null)[] = [];
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') {
      // An unnamed column is ignored when empty all the way down (a trailing separator).
      fields.push(null);
      if (lines.some((l) => (l.cells[i] ?? '').trim() !== '')) refused.push({ line: 1, reason: `La colonne ${i + 1} n’a pas de nom mais contient des valeurs.` });
      return;
    }
    const field = index.byName.get(foldKey(name));
    if (!field) {
      refused.push({ line: 1, field: name, reason: `Colonne inconnue : « ${name} » (colonnes reconnues : ${index.accepted}).` });
      fields.push(null);
    } else if (fieldLabels[field]) {
      refused.push({ line: 1, field: name, reason: `La colonne « ${name} » répète la colonne « ${fieldLabels[field]} ».` });
      fields.push(null);
    } else {
      fieldLabels[field] = name;
      fields.push(field);
    }
  });
  for (const field of required) {
    if (!fieldLabels[field]) {
      const [en, fr] = columns[field];
      refused.push({ line: 1, field: en!, reason: fr ? `Colonne obligatoire absente : « ${en} » (ou « ${fr} »).` : `Colonne obligatoire absente : « ${en} ».` });
    }
  }
  return { fields, fieldLabels, refused };
}

/** Steps 3–4 for a file of agents, then each row as a record. */
export function recordsFromSheet(rows: readonly SheetRow[], truncated = false): {
  records: DirectoryRecord[];
  refused: DirectoryRefusal[];
  fieldLabels: Partial<Record<DirectoryImportField, string>>;
} {
  const [header, ...lines] = rows;
  if (!header) return { records: [], refused: [{ line: 1, reason: 'Le fichier est vide : la première ligne nomme les colonnes, puis un agent par ligne.' }], fieldLabels: {} };
  const { fields: columns, fieldLabels, refused } = mapHeader(header, lines, agentColumns, directoryImportColumns, directoryImportRequiredFields);
  refused.push(...tooManyLines(lines, truncated, 'agents'));
  if (refused.length) return { records: [], refused, fieldLabels };

  // 5. Records: a cell of a given column is text (empty: null); a column left out, undefined.
  const records = lines.map((row) => {
    const record: DirectoryRecord = { line: row.line };
    columns.forEach((field, i) => {
      if (!field) return;
      const cell = (row.cells[i] ?? '').trim();
      if (field === 'roles') record.roles = cell === '' ? null : cell.split('|');
      else record[field] = cell === '' ? null : cell;
    });
    return record;
  });
  return { records, refused, fieldLabels };
}

/** Step 4: at most directoryImportMaxLines lines besides the header. */
function tooManyLines(lines: readonly SheetRow[], truncated: boolean, what: 'agents' | 'unités' | 'sites'): DirectoryRefusal[] {
  if (lines.length <= limits.directoryImportMaxLines && !truncated) return [];
  const max = limits.directoryImportMaxLines.toLocaleString('fr-FR');
  const counted = truncated ? `plus de ${max}` : lines.length.toLocaleString('fr-FR');
  return [
    {
      line: lines[limits.directoryImportMaxLines]?.line ?? limits.directoryImportMaxLines + 2,
      reason: `Le fichier compte ${counted} lignes d’${what} : ${max} au plus par import. Découpez-le en plusieurs fichiers.`,
    },
  ];
}

/** Steps 3–4 for a file of units or sites, then each row as a record (text; empty: null). */
export function plainRecordsFromSheet<F extends string>(
  rows: readonly SheetRow[],
  truncated: boolean,
  what: 'unités' | 'sites',
  index: ReturnType<typeof columnIndex<F>>,
  columns: Record<F, readonly string[]>,
  required: readonly F[],
) {
  const [header, ...lines] = rows;
  const { fields, fieldLabels, refused } = mapHeader(header!, lines, index, columns, required);
  refused.push(...tooManyLines(lines, truncated, what));
  const records: ({ line: number } & { [K in F]?: string | null })[] = refused.length
    ? []
    : lines.map((row) => {
        const record = { line: row.line } as { line: number } & { [K in F]?: string | null };
        fields.forEach((field, i) => {
          if (!field) return;
          const cell = (row.cells[i] ?? '').trim();
          record[field] = (cell === '' ? null : cell) as never;
        });
        return record;
      });
  return { records, refused, fieldLabels };
}

/** A file checked (mode=check) or applied all or nothing (mode=apply), for one tenant. */
export async function importDirectoryFile(
  database: Database,
  input: { tenantId: string; file: Uint8Array; mode: DirectoryImportMode; actor: AuditActor; requestId?: string | undefined },
): Promise<DirectoryApplyReport & { format: ImportFormat; kind: ImportKind }> {
  const sheet = readSheet(input.file);
  const kind = sheet.rows[0] ? importKind(sheet.rows[0].cells) : 'agents';
  const refusedReport = (refused: DirectoryRefusal[]) => {
    const report = { mode: input.mode, applied: false, records: Math.max(0, sheet.rows.length - 1), created: 0, updated: 0, unchanged: 0, refused };
    return { ...report, summary: summarize(report), agentIds: [], format: sheet.format, kind };
  };
  const source = sheet.format === 'ods' ? 'import-ods' : 'import-csv';
  if (kind === 'sites') {
    const { records, refused, fieldLabels } = plainRecordsFromSheet(sheet.rows, sheet.truncated, 'sites', siteColumns, directorySiteImportColumns, directorySiteImportRequiredFields);
    if (refused.length) return refusedReport(refused);
    const report = await database.tenant(input.tenantId, (tx) =>
      applySiteRecordsTx(tx, input.tenantId, records, { actor: input.actor, mode: input.mode, fieldLabels, source, requestId: input.requestId }),
    );
    return { ...report, format: sheet.format, kind };
  }
  if (kind === 'units') {
    const { records, refused, fieldLabels } = plainRecordsFromSheet(sheet.rows, sheet.truncated, 'unités', unitColumns, directoryUnitImportColumns, directoryUnitImportRequiredFields);
    if (refused.length) return refusedReport(refused);
    const report = await database.tenant(input.tenantId, (tx) =>
      applyUnitRecordsTx(tx, input.tenantId, records, { actor: input.actor, mode: input.mode, fieldLabels, source, requestId: input.requestId }),
    );
    return { ...report, format: sheet.format, kind };
  }
  const { records, refused, fieldLabels } = recordsFromSheet(sheet.rows, sheet.truncated);
  if (refused.length) return refusedReport(refused);
  const report = await applyDirectoryRecords(database, input.tenantId, records, { actor: input.actor, mode: input.mode, source, fieldLabels, requestId: input.requestId });
  return { ...report, format: sheet.format, kind };
}
