// Service tokens (server/src/features/service-tokens): scoped, expiring bearer tokens for integrations.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs } from './routes.tsx';

export const serviceTokensFeature: WebFeature = { name: 'service-tokens', messages: { fr, en }, adminTabs };
