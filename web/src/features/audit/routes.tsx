// The audit viewer: a tab of the administration area for administrators (the shell orders
// it: app/admin), and the same viewer on a page of its own for a data protection officer
// who is not an administrator (the admin area requires canAdministerTenant).
import { canAdministerTenant, canReadAudit, type Actor } from '@estran/contracts';
import { Route } from 'react-router';
import type { AdminTab, NavItem } from '../../lib/feature.ts';
import { RequireSession } from '../../lib/RequireSession.tsx';
import { AuditPage } from './AuditPage.tsx';
import { AuditTab } from './AuditTab.tsx';

export const adminTabs: AdminTab[] = [{ id: 'audit', label: 'admin.audit', policy: canReadAudit, element: <AuditTab /> }];

export const sessionRoutes = (
  <Route element={<RequireSession policy={canReadAudit} />}>
    <Route path="/journal-audit" element={<AuditPage />} />
  </Route>
);

/** Administrators reach the viewer through the admin area; the DPO through this link. */
const readsAuditOutsideAdmin = (actor: Actor) => canReadAudit(actor) && !canAdministerTenant(actor);
export const navLinks: NavItem[] = [{ to: '/journal-audit', label: 'audit.nav', policy: readsAuditOutsideAdmin }];
