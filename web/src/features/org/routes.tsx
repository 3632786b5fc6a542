// The organisation's pages: the agent's own preferences (« Mon compte »), and its tabs in
// the administration area (the shell orders them: app/admin).
import { canAdministerOperator } from '@estran/contracts';
import { Route } from 'react-router';
import type { AdminTab, NavItem } from '../../lib/feature.ts';
import { RequireSession } from '../../lib/RequireSession.tsx';
import { AgentsTab } from './AgentsTab.tsx';
import { TenantsTab } from './DirectoryTabs.tsx';
import { SitesTab } from './SitesTab.tsx';
import { UnitsTab } from './UnitsTab.tsx';
import { MyPreferencesPage } from './MyPreferencesPage.tsx';
import { OrganisationTab } from './OrganisationTab.tsx';
import { SecuritySettingsTab } from './SecuritySettingsTab.tsx';

export const adminTabs: AdminTab[] = [
  { id: 'tenants', label: 'admin.tenants', policy: canAdministerOperator, element: <TenantsTab /> },
  { id: 'organisation', label: 'organisation.tab', element: <OrganisationTab /> },
  { id: 'units', label: 'admin.units', element: <UnitsTab /> },
  { id: 'sites', label: 'admin.sites', element: <SitesTab /> },
  { id: 'agents', label: 'admin.agents', element: <AgentsTab /> },
  { id: 'security', label: 'admin.security', element: <SecuritySettingsTab /> },
];

export const sessionRoutes = (
  <Route element={<RequireSession />}>
    <Route path="/mon-compte/preferences" element={<MyPreferencesPage />} />
  </Route>
);

export const navLinks: NavItem[] = [{ to: '/mon-compte/preferences', label: 'preferences.nav' }];
