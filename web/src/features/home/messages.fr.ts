// The home page's text.
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {
  home: {
    title: 'Bonjour {{name}}',
    intro: 'Votre bouquet de services',
    soon: 'Bientôt disponible',
    tiles: { guide: 'Guide documentaire', cases: 'Dossiers suivis', apps: 'Applications métier', alerts: 'Alertes' },
    pageTitle: 'Mon espace',
    trust: 'Niveau de confiance de ce poste : {{level}}',
    trustMeans: {
      managed: 'Ce poste est fourni et tenu à jour par votre collectivité : vous avez accès à tous vos services.',
      'thin-client': 'Ce client léger est fourni par votre collectivité : vous avez accès à tous vos services, sans données gardées sur le poste.',
      personal: 'Vous êtes sur un ordinateur qui n’est pas géré par votre collectivité : certains services et documents ne sont pas accessibles.',
      bootstrap: 'Session d’installation : utilisez-la seulement pour enregistrer la clé du premier administrateur.',
    },
  },
} as const;
