// The organisation (server/src/features/org): member organisations, units, sites, agents
// and the tenant's security settings, as tabs of the administration area.
import type { WebFeature } from '../../lib/feature.ts';
import { messages } from './messages.ts';
import { adminTabs } from './routes.tsx';

export const orgFeature: WebFeature = { name: 'org', messages, adminTabs };
