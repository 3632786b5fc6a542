// A directory file (CSV or ODS, issue 17 "Bulk import"), checked or applied: the same
// steps for `estran directory import <file>` and POST /api/admin/directory/import.
//   1. the bytes decide the format: a zip is an ODS (its mimetype entry says so), the rest CSV;
//   2. the sheet's rows (parse-csv.ts, parse-ods.ts), blank rows aside, numbered as the
//      spreadsheet shows them;
//   3. the header (the first row): each column named in English or French, any order,
//      case, accents and spacing aside (directoryImportColumns); an unknown, duplicated
//      or missing required column refuses the file at line 1;
//   4. at most directoryImportMaxLines agent lines: beyond, the file is refused;
//   5. each row a record, then applyDirectoryRecords: all or nothing.
import { directoryImportColumns, directoryImportRequiredFields, limits, type DirectoryImportField, type DirectoryImportMode, type DirectoryRefusal } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { applyDirectoryRecords, foldKey, summarize, type DirectoryApplyReport, type DirectoryRecord } from './apply-records.ts';
import { parseCsv } from './parse-csv.ts';
import { isZip, parseOds } from './parse-ods.ts';
import type { SheetRow } from './sheet-row.ts';

export type ImportFormat = 'csv' | 'ods';

const fieldByColumn = new Map<string, DirectoryImportField>();
for (const [field, names] of Object.entries(directoryImportColumns) as [DirectoryImportField, readonly string[]][]) {
  for (const n of names) fieldByColumn.set(foldKey(n), field);
}
const accepted = Object.values(directoryImportColumns)
  .map((names) => names.slice(0, 2).join('/'))
  .join(', ');

/** Steps 1–2: the sheet's rows (at most limit + 1 agent lines kept from an ODS: more is refused anyway). */
export function readSheet(bytes: Uint8Array): { format: ImportFormat; rows: SheetRow[]; truncated: boolean } {
  if (isZip(bytes)) return { format: 'ods', ...parseOds(bytes, limits.directoryImportMaxLines + 2) };
  return { format: 'csv', rows: parseCsv(bytes).rows, truncated: false };
}

/** Steps 3–4, then each row as a record. */
export function recordsFromSheet(rows: readonly SheetRow[], truncated = false): {
  records: DirectoryRecord[];
  refused: DirectoryRefusal[];
  fieldLabels: Partial<Record<DirectoryImportField, string>>;
} {
  const refused: DirectoryRefusal[] = [];
  const fieldLabels: Partial<Record<DirectoryImportField, string>> = {};
  const [header, ...lines] = rows;
  if (!header) return { records: [], refused: [{ line: 1, reason: 'Le fichier est vide : la première ligne nomme les colonnes, puis un agent par ligne.' }], fieldLabels };
  if (header.line !== 1) refused.push({ line: 1, reason: 'La première ligne doit nommer les colonnes (elle est vide).' });

  // 3. The header.
  const columns: (DirectoryImportField | null)[] = [];
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') {
      // An unnamed column is ignored when empty all the way down (a trailing separator).
      columns.push(null);
      if (lines.some((l) => (l.cells[i] ?? '').trim() !== '')) refused.push({ line: 1, reason: `La colonne ${i + 1} n’a pas de nom mais contient des valeurs.` });
      return;
    }
    const field = fieldByColumn.get(foldKey(name));
    if (!field) {
      refused.push({ line: 1, field: name, reason: `Colonne inconnue : « ${name} » (colonnes reconnues : ${accepted}).` });
      columns.push(null);
    } else if (fieldLabels[field]) {
      refused.push({ line: 1, field: name, reason: `La colonne « ${name} » répète la colonne « ${fieldLabels[field]} ».` });
      columns.push(null);
    } else {
      fieldLabels[field] = name;
      columns.push(field);
    }
  });
  for (const field of directoryImportRequiredFields) {
    if (!fieldLabels[field]) {
      const [en, fr] = directoryImportColumns[field];
      refused.push({ line: 1, field: en, reason: `Colonne obligatoire absente : « ${en} » (ou « ${fr} »).` });
    }
  }

  // 4. The number of lines.
  if (lines.length > limits.directoryImportMaxLines || truncated) {
    const max = limits.directoryImportMaxLines.toLocaleString('fr-FR');
    const counted = truncated ? `plus de ${max}` : lines.length.toLocaleString('fr-FR');
    refused.push({
      line: lines[limits.directoryImportMaxLines]?.line ?? limits.directoryImportMaxLines + 2,
      reason: `Le fichier compte ${counted} lignes d’agents : ${max} au plus par import. Découpez-le en plusieurs fichiers.`,
    });
  }
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

/** A file checked (mode=check) or applied all or nothing (mode=apply), for one tenant. */
export async function importDirectoryFile(
  database: Database,
  input: { tenantId: string; file: Uint8Array; mode: DirectoryImportMode; actor: AuditActor; requestId?: string | undefined },
): Promise<DirectoryApplyReport & { format: ImportFormat }> {
  const sheet = readSheet(input.file);
  const { records, refused, fieldLabels } = recordsFromSheet(sheet.rows, sheet.truncated);
  if (refused.length) {
    const agentLines = Math.max(0, sheet.rows.length - 1);
    const report = { mode: input.mode, applied: false, records: agentLines, created: 0, updated: 0, unchanged: 0, refused };
    return { ...report, summary: summarize(report), agentIds: [], format: sheet.format };
  }
  const report = await applyDirectoryRecords(database, input.tenantId, records, {
    actor: input.actor,
    mode: input.mode,
    source: sheet.format === 'ods' ? 'import-ods' : 'import-csv',
    fieldLabels,
    requestId: input.requestId,
  });
  return { ...report, format: sheet.format };
}
