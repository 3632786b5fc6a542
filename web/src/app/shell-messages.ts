// The shell's own interface text (app/Layout.tsx: the main navigation).
import { defineMessages } from '../lib/messages.ts';

export const shellMessages = defineMessages(
  {
    nav: { label: 'Navigation principale', home: 'Mon espace', keys: 'Mes clés', sessions: 'Mes sessions', helpdesk: 'Assistance', admin: 'Administration', logout: 'Se déconnecter', account: 'Compte de {{name}}, {{tenant}}' },
  },
  {
    nav: { label: 'Main navigation', home: 'My workspace', keys: 'My keys', sessions: 'My sessions', helpdesk: 'Helpdesk', admin: 'Administration', logout: 'Log out', account: 'Account of {{name}}, {{tenant}}' },
  },
);
