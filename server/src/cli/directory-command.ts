// `estran directory import <file.csv|file.ods> [--dry-run] [--tenant <slug>]`: the admin
// area's import from the terminal (features/directory/import-file.ts, the same checks
// and report). Prints each refused line by its number as the spreadsheet shows it, then
// the outcome; exits 0 when applied (or checked, with --dry-run), 65 when a line is
// refused (nothing is applied then). Imported by commands.ts only (it imports defineCommand back).
import { readFile, stat } from 'node:fs/promises';
import { limits, type DirectoryRefusal } from '@estran/contracts';
import { importDirectoryFile } from '../features/directory/index.ts';
import { tenantIdBySlug } from '../features/service-tokens/index.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { HttpError } from '../platform/http-errors.ts';
import { defineCommand, UsageError } from './commands.ts';

const MiB = 1024 * 1024;

/** "Ligne 12 (courriel) : Adresse électronique invalide." */
export function refusalLine(r: DirectoryRefusal): string {
  const where = r.line !== undefined ? `Ligne ${r.line}` : `Entrée ${r.dn ?? '?'}`;
  return `${where}${r.field ? ` (${r.field})` : ''} : ${r.reason}`;
}

export const directoryImportCommand = defineCommand({
  name: 'directory import',
  summary: 'Importe des agents, des unités ou des sites d’un fichier CSV ou ODS, un par ligne ; vérifie, puis applique tout ou rien',
  usage: 'estran directory import <fichier.csv|fichier.ods> [--dry-run] [--tenant <slug>]',
  options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  paths: 1,
  async run({ database, out }, values, [file]) {
    if (!file) throw new UsageError('Le fichier à importer est requis.');
    const size = await stat(file).then((s) => s.size, () => null);
    if (size === null) throw new UsageError(`Fichier introuvable : ${file}`);
    if (size > limits.directoryImportMaxBytes) {
      out.note(`Fichier refusé : ${(size / MiB).toFixed(1)} Mio, ${limits.directoryImportMaxBytes / MiB} Mio au plus. Découpez-le en plusieurs fichiers.`);
      return exitCodes.dataError;
    }
    const tenantId = await tenantIdBySlug(database, values.tenant);
    const dryRun = values['dry-run'] === true;
    let report: Awaited<ReturnType<typeof importDirectoryFile>>;
    try {
      report = await importDirectoryFile(database, { tenantId, file: await readFile(file), mode: dryRun ? 'check' : 'apply', actor: { type: 'cli' } });
    } catch (error) {
      // An unreadable file (400) or one too large once inflated (413): said, nothing applied.
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      out.note(error.message);
      return exitCodes.dataError;
    }
    for (const r of report.refused) out.note(refusalLine(r));
    out.line(report.summary);
    return report.refused.length ? exitCodes.dataError : exitCodes.ok;
  },
});
