// The accessibility statement (déclaration d'accessibilité, loi 2005-102 art. 47), linked
// from every page's footer (app/Layout.tsx).
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { publicRoutes } from './routes.tsx';

export const accessibilityFeature: WebFeature = { name: 'accessibility', messages: { fr, en }, publicRoutes };

/** Where the footer links to. */
export const accessibilityStatementPath = '/accessibilite';
