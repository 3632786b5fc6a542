// The directory (server/src/features/directory): bringing agents in from a file (CSV,
// ODS) as a tab of the administration area.
import type { WebFeature } from '../../lib/feature.ts';
import { en } from './messages.en.ts';
import { fr } from './messages.fr.ts';
import { adminTabs } from './routes.tsx';

export const directoryFeature: WebFeature = { name: 'directory', messages: { fr, en }, adminTabs };
