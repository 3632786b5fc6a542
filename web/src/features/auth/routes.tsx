// Authentication's pages: logging in, blocked access, unblocking and enrolment (public),
// the agent's own keys and sessions (any session).
import { Route } from 'react-router';
import { RequireSession } from '../../lib/RequireSession.tsx';
import { EnrolPage } from './EnrolPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { MyKeysPage } from './MyKeysPage.tsx';
import { MySessionsPage } from './MySessionsPage.tsx';
import { SuspendedPage } from './SuspendedPage.tsx';
import { UnblockPage } from './UnblockPage.tsx';

export const publicRoutes = (
  <>
    <Route path="/connexion" element={<LoginPage />} />
    <Route path="/bloque" element={<SuspendedPage />} />
    <Route path="/deblocage" element={<UnblockPage />} />
    <Route path="/enrol" element={<EnrolPage />} />
  </>
);

export const sessionRoutes = (
  <Route element={<RequireSession />}>
    <Route path="/mon-compte/cles" element={<MyKeysPage />} />
    <Route path="/mon-compte/sessions" element={<MySessionsPage />} />
  </Route>
);
