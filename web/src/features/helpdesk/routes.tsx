// The helpdesk's pages, for agents the helpdesk policy admits.
import { Route } from 'react-router';
import { canUseHelpdesk } from '@estran/contracts';
import { RequireSession } from '../../lib/RequireSession.tsx';
import { AgentFilePage } from './AgentFilePage.tsx';
import { HelpdeskPage } from './HelpdeskPage.tsx';

export const sessionRoutes = (
  <Route element={<RequireSession policy={canUseHelpdesk} />}>
    <Route path="/assistance" element={<HelpdeskPage />} />
    <Route path="/assistance/agents/:id" element={<AgentFilePage />} />
  </Route>
);
