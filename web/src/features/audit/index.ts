// The audit viewer (server/src/features/audit): the tenant's trail filtered and paged, its
// CSV export and the chain's verification, as a tab of the administration area and, for a
// data protection officer who is not an administrator, a page of its own.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs, navLinks, sessionRoutes } from './routes.tsx';

export const auditFeature: WebFeature = { name: 'audit', messages: { fr, en }, adminTabs, sessionRoutes, navLinks };
