// The organisation: kinds of tenants, units and sites, components, roles, the security settings.
import { defineMessages } from '../../lib/messages.ts';

export const messages = defineMessages(
  {
    kinds: {
      tenant: { operator: 'Opérateur', departement: 'Département', commune: 'Commune', intercommunalite: 'Intercommunalité', ccas: 'CCAS' },
      unit: { direction: 'Direction', territorial: 'Unité territoriale', service: 'Service', team: 'Équipe' },
      site: { office: 'Bureau', permanence: 'Lieu de permanence', telecentre: 'Télécentre' },
    },
    components: {
      administration: 'Administration',
      medico_social: 'Médico-social et PMI',
      child_welfare: 'Aide sociale à l’enfance',
      insertion: 'Insertion',
      general_social_work: 'Action sociale généraliste',
    },
    roles: { agent: 'Agent', manager: 'Encadrant', helpdesk: 'Assistance', admin: 'Administrateur', alert_sender: 'Émetteur d’alertes' },
    settings: {
      strikes: 'Après trois échecs d’authentification',
      suspend: 'Bloquer l’agent jusqu’au déblocage par l’assistance (recommandé)',
      lockout: 'Verrouiller temporairement, avec des délais croissants',
      methods: 'Moyens de connexion',
      passwordTotp: 'Autoriser mot de passe + application d’authentification sur les ordinateurs personnels (accès restreint)',
      platform: 'Autoriser les clés d’accès intégrées aux postes gérés',
      checks: 'Vérifications d’identité obligatoires avant un code de déblocage',
      idle: 'Fin de session après inactivité (minutes)',
      absolute: 'Durée maximale d’une session (heures)',
      save: 'Enregistrer',
      saved: 'Paramètres enregistrés.',
    },
  },
  {
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
    roles: { agent: 'Agent', manager: 'Manager', helpdesk: 'Helpdesk', admin: 'Administrator', alert_sender: 'Alert sender' },
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
  },
);
