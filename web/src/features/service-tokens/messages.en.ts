// The service tokens tab's text (see messages.fr.ts).
// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  serviceTokens: {
    intro: 'A service token lets another application of the organisation call Estran, only for what its scopes allow, until it expires.',
    scopes: {
      'guide:read': 'Read the reference guide',
      'alerts:send': 'Send alerts to agents',
      'stats:read': 'Read activity statistics',
      'org:read': 'Read the organisation (units, sites, agents)',
      'metrics:read': 'Read the server’s technical metrics',
    },
    scopesHint: 'Tick at least one scope.',
    scopesRequired: 'Tick at least one scope.',
    daysHint: 'Between 1 and 366 days.',
    created: 'Token “{{name}}” created.',
    revoked: 'Token “{{name}}” revoked.',
    confirmRevoke: 'Revoke the token “{{name}}”? The application using it will no longer be able to call Estran.',
    token: 'the token',
  },
};
