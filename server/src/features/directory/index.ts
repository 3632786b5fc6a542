// The directory: bulk import from a file (CSV, ODS) and, beside it, the LDAP sync.
// What other features and the CLI may call.
export { applyDirectoryRecords, applyDirectoryRecordsTx, type ApplyDirectoryOptions, type DirectoryApplyReport, type DirectoryRecord } from './apply-records.ts';
// The LDAP / Active Directory sync (ldap-*.ts): its routes and worker.
export { ldapRoutes } from './ldap-routes.ts';
// Registers itself for `estran secret rotate --reseal` (the bind passwords).
export { ldapBindPasswordResealer } from './ldap-reseal.ts';
export { directoryRoutes } from './routes.ts';
export { importDirectoryFile } from './import-file.ts';
