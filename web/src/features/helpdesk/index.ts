// The helpdesk (server/src/features/helpdesk): finding an agent, identity checks, unblock
// codes, new enrolments, stolen devices.
import type { WebFeature } from '../../lib/feature.ts';
import { messages } from './messages.ts';
import { sessionRoutes } from './routes.tsx';

export const helpdeskFeature: WebFeature = { name: 'helpdesk', messages, sessionRoutes };
