// The organisation's tabs in the administration area (the shell orders them: app/admin).
import { canAdministerOperator } from '@estran/contracts';
import type { AdminTab } from '../../lib/feature.ts';
import { AgentsTab, SitesTab, TenantsTab, UnitsTab } from './DirectoryTabs.tsx';
import { SecuritySettingsTab } from './SecuritySettingsTab.tsx';

export const adminTabs: AdminTab[] = [
  { id: 'tenants', label: 'admin.tenants', policy: canAdministerOperator, element: <TenantsTab /> },
  { id: 'units', label: 'admin.units', element: <UnitsTab /> },
  { id: 'sites', label: 'admin.sites', element: <SitesTab /> },
  { id: 'agents', label: 'admin.agents', element: <AgentsTab /> },
  { id: 'security', label: 'admin.security', element: <SecuritySettingsTab /> },
];
