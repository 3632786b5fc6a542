// The home page (web only): the agent's services as tiles.
import type { WebFeature } from '../../lib/feature.ts';
import { messages } from './messages.ts';
import { sessionRoutes } from './routes.tsx';

export const homeFeature: WebFeature = { name: 'home', messages, sessionRoutes };
