// Authentication (server/src/features/auth): security keys, password + code on personal
// computers, unblocking, enrolment, the agent's keys and sessions.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { publicRoutes, sessionRoutes } from './routes.tsx';

export const authFeature: WebFeature = { name: 'auth', messages: { fr, en }, publicRoutes, sessionRoutes };
