// The home page's text.
import { defineMessages } from '../../lib/messages.ts';

export const messages = defineMessages(
  {
    home: {
      title: 'Bonjour {{name}}',
      intro: 'Votre bouquet de services',
      soon: 'Bientôt disponible',
      tiles: { guide: 'Guide documentaire', cases: 'Dossiers suivis', apps: 'Applications métier', alerts: 'Alertes' },
      trust: 'Niveau de confiance de ce poste : {{level}}',
    },
  },
  {
    home: {
      title: 'Hello {{name}}',
      intro: 'Your bouquet of services',
      soon: 'Coming soon',
      tiles: { guide: 'Reference guide', cases: 'Case files', apps: 'Business applications', alerts: 'Alerts' },
      trust: 'Trust level of this computer: {{level}}',
    },
  },
);
