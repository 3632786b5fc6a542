// The guide's pages (/guide/…, for any session) and its tab in the administration area.
import { Route } from 'react-router';
import type { AdminTab } from '../../lib/feature.ts';
import { RequireSession } from '../../lib/RequireSession.tsx';
import { GuideTab } from './admin/GuideTab.tsx';
import { GuideArticlePage } from './GuideArticlePage.tsx';
import { GuideBookmarksPage } from './GuideBookmarksPage.tsx';
import { GuideBulletinPage } from './GuideBulletinPage.tsx';
import { GuideDiffPage } from './GuideDiffPage.tsx';
import { GuideHomePage } from './GuideHomePage.tsx';
import { GuideLayout } from './GuideLayout.tsx';
import { GuideSearchPage } from './GuideSearchPage.tsx';
import { GuideTocPage } from './GuideTocPage.tsx';

export const sessionRoutes = (
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
);

export const adminTabs: AdminTab[] = [{ id: 'guide', label: 'admin.guide', element: <GuideTab /> }];
