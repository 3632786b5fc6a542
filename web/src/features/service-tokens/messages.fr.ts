// The service tokens tab's text: what each scope allows, as a sentence (the scope's code
// stays beside it for the integrator). The tab's title and columns are in the
// administration area's shared section (lib/shared-messages.ts: admin.tokens, admin.scopes…)
// and the keys' (auth: keys.revoke…).
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {
  serviceTokens: {
    intro: 'Un jeton de service permet à un autre logiciel de la collectivité d’appeler Estran, pour ce que ses portées autorisent seulement, jusqu’à sa date d’expiration.',
    scopes: {
      'guide:read': 'Lire le guide documentaire',
      'alerts:send': 'Envoyer des alertes aux agents',
      'stats:read': 'Lire les statistiques d’activité',
      'org:read': 'Lire l’organisation (unités, sites, agents)',
      'metrics:read': 'Lire les mesures techniques du serveur',
    },
    scopesHint: 'Cochez au moins une portée.',
    scopesRequired: 'Cochez au moins une portée.',
    daysHint: 'Entre 1 et 366 jours.',
    created: 'Jeton « {{name}} » créé.',
    revoked: 'Jeton « {{name}} » révoqué.',
    confirmRevoke: 'Révoquer le jeton « {{name}} » ? Le logiciel qui l’utilise ne pourra plus appeler Estran.',
    token: 'le jeton',
  },
} as const;
