// The shell: every feature's pages (their index.ts), inside the layout; public pages
// first, then pages for a session (each feature wraps its own in <RequireSession>), the
// administration area assembled from the features' tabs, and the not-found page.
import { Fragment } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { canAdministerTenant } from '@estran/contracts';
import type { AdminTab, WebFeature } from '../lib/feature.ts';
import { RequireSession } from '../lib/RequireSession.tsx';
import { SessionProvider } from '../lib/session.tsx';
import { authFeature } from '../features/auth/index.ts';
import { devicesFeature } from '../features/devices/index.ts';
import { GuideArticlePage } from '../features/guide/GuideArticlePage.tsx';
import { GuideBookmarksPage } from '../features/guide/GuideBookmarksPage.tsx';
import { GuideBulletinPage } from '../features/guide/GuideBulletinPage.tsx';
import { GuideDiffPage } from '../features/guide/GuideDiffPage.tsx';
import { GuideHomePage } from '../features/guide/GuideHomePage.tsx';
import { GuideLayout } from '../features/guide/GuideLayout.tsx';
import { GuideSearchPage } from '../features/guide/GuideSearchPage.tsx';
import { GuideTocPage } from '../features/guide/GuideTocPage.tsx';
import { GuideTab } from '../features/admin/GuideTab.tsx';
import { helpdeskFeature } from '../features/helpdesk/index.ts';
import { homeFeature } from '../features/home/index.ts';
import { orgFeature } from '../features/org/index.ts';
import { serviceTokensFeature } from '../features/service-tokens/index.ts';
import { AdminArea, defaultAdminTab, orderAdminTabs } from './admin/AdminArea.tsx';
import { Layout } from './Layout.tsx';
import { NotFound } from './NotFound.tsx';

// Until the guide has its index.ts (its own helper is moving it).
const guideFeature: WebFeature = {
  name: 'guide',
  messages: { fr: {}, en: {} },
  sessionRoutes: (
    <Route element={<RequireSession />}>
      <Route path="/guide" element={<GuideLayout />}>
        <Route index element={<GuideHomePage />} />
        <Route path="recherche" element={<GuideSearchPage />} />
        <Route path="sommaire/*" element={<GuideTocPage />} />
        <Route path="articles/*" element={<GuideArticlePage />} />
        <Route path="bulletins/:published" element={<GuideBulletinPage />} />
        <Route path="diff" element={<GuideDiffPage />} />
        <Route path="favoris" element={<GuideBookmarksPage />} />
      </Route>
    </Route>
  ),
  adminTabs: [{ id: 'guide', label: 'admin.guide', element: <GuideTab /> }],
};

/** Every feature of the web client (their messages: app/messages.ts). */
export const features: readonly WebFeature[] = [homeFeature, authFeature, devicesFeature, guideFeature, helpdeskFeature, orgFeature, serviceTokensFeature];

const adminTabs: AdminTab[] = orderAdminTabs(features.flatMap((f) => f.adminTabs ?? []));

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route element={<Layout />}>
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
