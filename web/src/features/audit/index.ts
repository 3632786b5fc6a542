// The audit viewer (server/src/features/audit): the tenant's trail filtered and paged, its
// CSV export and the chain's verification, as a tab of the administration area.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs } from './routes.tsx';

export const auditFeature: WebFeature = { name: 'audit', messages: { fr, en }, adminTabs };
