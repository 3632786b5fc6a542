// The accessibility statement and the footer's mention.
// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  accessibility: {
    footer: 'Accessibility: not compliant',
    title: 'Accessibility statement',
    intro:
      'The local government that provides Estran to its agents commits to making its digital services accessible, in accordance with article 47 of French law no. 2005-102 of 11 February 2005. This statement applies to the Estran workspace.',
    statusTitle: 'Compliance status',
    status: 'Estran is not compliant with the French accessibility framework (RGAA) version 4.1: no complete audit has been carried out yet.',
    resultsTitle: 'Test results',
    results:
      'Every page visited by the project’s automated browser tests is checked with axe-core, with no error found. These tests do not cover every RGAA criterion; the points below are known and being fixed.',
    knownTitle: 'Non-accessible content',
    known: [
      'The window title is the same on every page (criterion 8.6).',
      'After some keyboard actions, focus returns to the top of the page (criterion 12.8).',
      'The session ends without prior warning (criterion 13.1).',
      'Some input errors are not tied to their field (criteria 11.10 and 11.11).',
      'At 320 pixels wide, an agent’s file and the pagination overflow (criterion 10.11).',
    ],
    dateTitle: 'Date of this statement',
    date: 'This statement was made on 2 December 2026, from the project’s automated tests.',
    contactTitle: 'Feedback and contact',
    contact:
      'If you cannot access some content or service, contact your organisation’s helpdesk, who will direct you to an accessible alternative or send you the content in another form.',
    remedyTitle: 'Remedies',
    remedy:
      'If you reported an accessibility defect that prevents you from accessing content or a service and did not get a satisfactory answer, you may refer the matter to the Défenseur des droits: through the online form at defenseurdesdroits.fr, by contacting a delegate of the Défenseur des droits in your region, or by post (free of charge, no stamp needed): Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
  },
};
