// The organisation (server/src/features/org): member organisations, units, sites, agents
// and the tenant's security settings, as tabs of the administration area; the agent's own
// preferences (the interface language, applied after every login).
import type { WebFeature } from '../../lib/feature.ts';
import { ApplyPreferredLanguage } from './ApplyPreferredLanguage.tsx';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs, navLinks, sessionRoutes } from './routes.tsx';

export const orgFeature: WebFeature = { name: 'org', messages: { fr, en }, adminTabs, sessionRoutes, navLinks, SessionEffect: ApplyPreferredLanguage };
