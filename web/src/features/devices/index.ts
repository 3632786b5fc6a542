// Devices (server/src/features/devices): managed computers and thin clients of the fleet.
import type { WebFeature } from '../../lib/feature.ts';
import { messages } from './messages.ts';
import { adminTabs, publicRoutes } from './routes.tsx';

export const devicesFeature: WebFeature = { name: 'devices', messages, publicRoutes, adminTabs };
