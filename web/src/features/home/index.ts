// The home page (web only): the agent's services as tiles.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { sessionRoutes } from './routes.tsx';

export const homeFeature: WebFeature = { name: 'home', messages: { fr, en }, sessionRoutes };
