// The agent's home page (/), for any session.
import { Route } from 'react-router';
import { RequireSession } from '../../lib/RequireSession.tsx';
import { HomePage } from './HomePage.tsx';

export const sessionRoutes = (
  <Route element={<RequireSession />}>
    <Route index element={<HomePage />} />
  </Route>
);
