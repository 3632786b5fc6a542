// Devices (server/src/features/devices): managed computers and thin clients of the fleet.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs, publicRoutes } from './routes.tsx';

export const devicesFeature: WebFeature = { name: 'devices', messages: { fr, en }, publicRoutes, adminTabs };
