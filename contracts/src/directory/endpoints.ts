// The directory's endpoints (server/src/features/directory): bulk import from a file,
// and (beside it) the LDAP / Active Directory sync. One group per source.
import { importEndpoints } from './import-endpoints.ts';
import { ldapEndpoints } from './ldap-endpoints.ts';

export const directoryEndpoints = {
  import: importEndpoints,
  ldap: ldapEndpoints,
};
