// The guide (server/src/features/guide): searching and reading the reference texts, the
// changes since a visit, bookmarks and notes; in the administration area, uploading a
// package and editing the synonyms.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs, sessionRoutes } from './routes.tsx';

export const guideFeature: WebFeature = { name: 'guide', messages: { fr, en }, sessionRoutes, adminTabs };
