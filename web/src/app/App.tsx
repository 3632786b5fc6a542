// The shell: every feature's pages (their index.ts), inside the layout; public pages
// first, then pages for a session (each feature wraps its own in <RequireSession>), the
// administration area assembled from the features' tabs, and the not-found page.
import { Fragment } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { canAdministerTenant } from '@estran/contracts';
import type { AdminTab, WebFeature } from '../lib/feature.ts';
import { RequireSession } from '../lib/RequireSession.tsx';
import { SessionProvider } from '../lib/session.tsx';
import { accessibilityFeature } from '../features/accessibility/index.ts';
import { auditFeature } from '../features/audit/index.ts';
import { authFeature } from '../features/auth/index.ts';
import { devicesFeature } from '../features/devices/index.ts';
import { directoryFeature } from '../features/directory/index.ts';
import { guideFeature } from '../features/guide/index.ts';
import { helpdeskFeature } from '../features/helpdesk/index.ts';
import { homeFeature } from '../features/home/index.ts';
import { orgFeature } from '../features/org/index.ts';
import { serviceTokensFeature } from '../features/service-tokens/index.ts';
import { AdminArea, defaultAdminTab, orderAdminTabs } from './admin/AdminArea.tsx';
import { Layout } from './Layout.tsx';
import { NotFound } from './NotFound.tsx';

/** Every feature of the web client (their messages: app/messages.ts). */
export const features: readonly WebFeature[] = [accessibilityFeature, homeFeature, authFeature, devicesFeature, guideFeature, helpdeskFeature, orgFeature, serviceTokensFeature, auditFeature, directoryFeature];

const adminTabs: AdminTab[] = orderAdminTabs(features.flatMap((f) => f.adminTabs ?? []));
const navLinks = features.flatMap((f) => f.navLinks ?? []);
const effects = features.flatMap((f) => (f.SessionEffect ? [{ name: f.name, Effect: f.SessionEffect }] : []));

export function App() {
  return (
    <SessionProvider>
      {effects.map(({ name, Effect }) => (
        <Effect key={name} />
      ))}
      <Routes>
        <Route element={<Layout navLinks={navLinks} />}>
          {features.map((f) => (
            <Fragment key={f.name}>{f.publicRoutes}</Fragment>
          ))}
          {features.map((f) => (
            <Fragment key={f.name}>{f.sessionRoutes}</Fragment>
          ))}
          <Route element={<RequireSession policy={canAdministerTenant} />}>
            <Route path="/admin" element={<Navigate to={`/admin/${defaultAdminTab}`} replace />} />
            <Route path="/admin/:tab" element={<AdminArea tabs={adminTabs} />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}
