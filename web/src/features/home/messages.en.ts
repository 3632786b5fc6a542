// The home page's text.
// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  home: {
    title: 'Hello {{name}}',
    intro: 'Your bouquet of services',
    soon: 'Coming soon',
    tiles: { guide: 'Reference guide', cases: 'Case files', apps: 'Business applications', alerts: 'Alerts' },
    trust: 'Trust level of this computer: {{level}}',
  },
};
