import { Navigate, Route, Routes } from 'react-router';
import { canAdministerTenant, canUseHelpdesk } from '@estran/contracts';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { EnrolPage } from '../features/auth/EnrolPage.tsx';
import { DeviceRegistrationPage } from '../features/devices/DeviceRegistrationPage.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { MyKeysPage } from '../features/auth/MyKeysPage.tsx';
import { MySessionsPage } from '../features/auth/MySessionsPage.tsx';
import { SuspendedPage } from '../features/auth/SuspendedPage.tsx';
import { UnblockPage } from '../features/auth/UnblockPage.tsx';
import { GuideArticlePage } from '../features/guide/GuideArticlePage.tsx';
import { GuideBookmarksPage } from '../features/guide/GuideBookmarksPage.tsx';
import { GuideBulletinPage } from '../features/guide/GuideBulletinPage.tsx';
import { GuideDiffPage } from '../features/guide/GuideDiffPage.tsx';
import { GuideHomePage } from '../features/guide/GuideHomePage.tsx';
import { GuideLayout } from '../features/guide/GuideLayout.tsx';
import { GuideSearchPage } from '../features/guide/GuideSearchPage.tsx';
import { GuideTocPage } from '../features/guide/GuideTocPage.tsx';
import { AgentFilePage } from '../features/helpdesk/AgentFilePage.tsx';
import { HelpdeskPage } from '../features/helpdesk/HelpdeskPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { Layout } from './Layout.tsx';
import { NotFound } from './NotFound.tsx';
import { RequireSession } from '../lib/RequireSession.tsx';
import { SessionProvider } from '../lib/session.tsx';

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route element={<Layout />}>
          <Route path="/connexion" element={<LoginPage />} />
          <Route path="/bloque" element={<SuspendedPage />} />
          <Route path="/deblocage" element={<UnblockPage />} />
          <Route path="/enrol" element={<EnrolPage />} />
          <Route path="/device" element={<DeviceRegistrationPage />} />
          <Route element={<RequireSession />}>
            <Route index element={<HomePage />} />
            <Route path="/mon-compte/cles" element={<MyKeysPage />} />
            <Route path="/mon-compte/sessions" element={<MySessionsPage />} />
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
          <Route element={<RequireSession policy={canUseHelpdesk} />}>
            <Route path="/assistance" element={<HelpdeskPage />} />
            <Route path="/assistance/agents/:id" element={<AgentFilePage />} />
          </Route>
          <Route element={<RequireSession policy={canAdministerTenant} />}>
            <Route path="/admin" element={<Navigate to="/admin/agents" replace />} />
            <Route path="/admin/:tab" element={<AdminPage />} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}
