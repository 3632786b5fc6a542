// Importing a guide package uploaded as a zip (admin area): read the archive in memory
// (read-package-zip.ts, in a worker thread), then import it with the same code as `estran guide import` —
// checks, report, dry run, all-or-nothing apply, audit. Nothing is kept between
// requests: the client checks a file, then sends the same file again to apply it.
import type { Database } from '../../db/client.ts';
import { importGuidePackage, type ImportReport } from './import-package.ts';
import { readPackageZip } from './read-package-zip.ts';

type ImportInput = Parameters<typeof importGuidePackage>[1];

export async function importGuideZip(database: Database, input: Omit<ImportInput, 'folder'> & { zip: Uint8Array }): Promise<ImportReport> {
  const { zip, ...rest } = input;
  const { source, warnings } = await readPackageZip(zip);
  const report = await importGuidePackage(database, { ...rest, folder: source });
  return { ...report, problems: [...warnings, ...report.problems] };
}
