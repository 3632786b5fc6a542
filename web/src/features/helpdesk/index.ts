// The helpdesk (server/src/features/helpdesk): finding an agent, identity checks, unblock
// codes, new enrolments, stolen devices.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { sessionRoutes } from './routes.tsx';

export const helpdeskFeature: WebFeature = { name: 'helpdesk', messages: { fr, en }, sessionRoutes };
