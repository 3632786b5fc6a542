// Bulk import of agents from a CSV or ODS file (server/src/features/directory).
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { limits } from '../limits.ts';
import { canAdministerTenant } from '../policies/admin.ts';
import { directoryImportFile, directoryImportQuery, directoryImportReport } from './import-schemas.ts';

const tags = ['directory'];
const MiB = 1024 * 1024;

export const importEndpoints = {
  upload: endpoint({
    method: 'POST',
    path: '/api/admin/directory/import',
    tags,
    summary: 'Check, then apply, a CSV or ODS file of agents (one a line; all or nothing; audited)',
    description:
      'The body is the file itself (text/csv, application/vnd.oasis.opendocument.spreadsheet or application/octet-stream; the bytes decide, not the type). ' +
      'mode=check validates every line and answers the report, writing nothing; mode=apply re-does the checks and writes all or nothing in one transaction, ' +
      'idempotent by external id (matricule), else by e-mail: importing the same file twice changes nothing the second time. ' +
      'A file with a `code` column and no e-mail column is a file of units (matched by code; `parent` names the parent by its code); one with neither but a `city` column, a file of sites (matched by name). ' +
      'Both answer 200 with the report; a refused apply answers 200 with `applied: false` and the refused lines (nothing written). ' +
      `At most ${limits.directoryImportMaxLines} lines besides the header and ${limits.directoryImportMaxBytes / MiB} MiB (413 beyond the size); a file that cannot be read as CSV or ODS answers 400.`,
    access: 'session',
    policy: canAdministerTenant,
    query: directoryImportQuery,
    body: directoryImportFile,
    responses: { 200: directoryImportReport, 400: apiError, 401: apiError, 403: apiError, 413: apiError, 415: apiError },
  }),
};
