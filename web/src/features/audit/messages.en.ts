// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  audit: {
    nav: 'Audit trail',
    title: 'Audit trail',
    intro: 'Who did what, when, to which object. Each event is chained to the previous one: any later change shows at verification.',
    filters: 'Filter the trail',
    agentId: 'Agent concerned (identifier, as actor or object)',
    actorId: 'Actor (identifier)',
    action: 'Action (start of its name, e.g. “agent.”)',
    targetType: 'Object type',
    targetId: 'Object (identifier)',
    from: 'From',
    to: 'To',
    dateHint: 'dd/mm/yyyy',
    apply: 'Filter',
    reset: 'Clear the filters',
    list: 'Audit trail',
    when: 'Date',
    actor: 'Actor',
    what: 'Action',
    object: 'Object',
    details: 'Details',
    actors: { agent: 'Agent', system: 'Server', cli: 'estran command', service: 'Service token' },
    unknownAgent: 'Agent {{id}}',
    export: 'Export as CSV (spreadsheet)',
    exportHint: 'The file follows the filters above. The export itself is recorded in the trail.',
    chain: 'Integrity of the trail',
    checking: 'Checking…',
    chainOk: 'Chain intact: {{count}} event checked.',
    chainOk_other: 'Chain intact: {{count}} events checked.',
    chainBroken: 'Chain broken at event no. {{seq}}: {{reason}}.',
    verify: 'Check again',
  },
};
