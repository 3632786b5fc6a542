// The home page's text.
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {
  home: {
    title: 'Bonjour {{name}}',
    intro: 'Votre bouquet de services',
    soon: 'Bientôt disponible',
    tiles: { guide: 'Guide documentaire', cases: 'Dossiers suivis', apps: 'Applications métier', alerts: 'Alertes' },
    trust: 'Niveau de confiance de ce poste : {{level}}',
  },
} as const;
