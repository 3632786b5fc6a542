// Service tokens (server/src/features/service-tokens): scoped, expiring bearer tokens for integrations.
import type { WebFeature } from '../../lib/feature.ts';
import { messages } from './messages.ts';
import { adminTabs } from './routes.tsx';

export const serviceTokensFeature: WebFeature = { name: 'service-tokens', messages, adminTabs };
