// The directory's tabs in the administration area (the shell orders them: app/admin).
import type { AdminTab } from '../../lib/feature.ts';
import { ImportTab } from './ImportTab.tsx';
import { LdapTab } from './LdapTab.tsx';

export const adminTabs: AdminTab[] = [
  { id: 'import', label: 'directoryImport.tab', element: <ImportTab /> },
  { id: 'ldap', label: 'ldap.tab', element: <LdapTab /> },
];
