// The organisation: kinds of tenants, units and sites, components, roles, the security settings, the agent's preferences.
// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  kinds: {
    tenant: { operator: 'Operator', departement: 'Département', commune: 'Commune', intercommunalite: 'Intercommunality', ccas: 'Social-action centre' },
    unit: { direction: 'Direction', territorial: 'Territorial unit', service: 'Service', team: 'Team' },
    site: { office: 'Office', permanence: 'Permanence site', telecentre: 'Telecentre' },
  },
  components: {
    administration: 'Administration',
    medico_social: 'Medico-social & maternal and child health',
    child_welfare: 'Child welfare',
    insertion: 'Insertion',
    general_social_work: 'General social work',
  },
  roles: { agent: 'Agent', manager: 'Manager', helpdesk: 'Helpdesk', admin: 'Administrator', alert_sender: 'Alert sender', dpo: 'Data protection officer' },
  settings: {
    strikes: 'After three failed authentications',
    suspend: 'Block the agent until the helpdesk unblocks them (recommended)',
    lockout: 'Lock temporarily, with growing delays',
    methods: 'Ways to log in',
    passwordTotp: 'Allow password + authenticator app on personal computers (restricted access)',
    platform: 'Allow passkeys built into managed laptops',
    checks: 'Identity checks required before an unblock code',
    idle: 'Session ends after inactivity (minutes)',
    absolute: 'Longest session (hours)',
    save: 'Save',
    saved: 'Settings saved.',
  },
  preferences: {
    nav: 'My preferences',
    title: 'My preferences',
    language: 'Interface language',
    hint: 'Estran will be shown in this language each time you log in, on all your computers.',
    browser: 'The one chosen on this browser',
    languages: { fr: 'Français', en: 'English' },
    save: 'Save',
    saved: 'Preferences saved.',
    languageColumn: 'Language',
    agentLanguage: 'Preferred language of {{name}}',
    notChosen: 'Not chosen',
    saveFor: 'Save the language of {{name}}',
    agentSaved: 'Language of {{name}} saved.',
  },
};
