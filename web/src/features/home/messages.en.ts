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
    pageTitle: 'My workspace',
    trust: 'Trust level of this computer: {{level}}',
    trustMeans: {
      managed: 'This computer is provided and kept up to date by your organisation: you can use all your services.',
      'thin-client': 'This thin client is provided by your organisation: you can use all your services, with no data kept on it.',
      personal: 'You are on a computer your organisation does not manage: some services and documents are not available.',
      bootstrap: 'Installation session: use it only to register the first administrator’s key.',
    },
  },
};
