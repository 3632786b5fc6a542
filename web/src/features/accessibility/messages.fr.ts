// The accessibility statement (déclaration d'accessibilité) and the footer's mention:
// a public body publishes one (loi n° 2005-102 du 11 février 2005, art. 47; décret
// n° 2019-768), reachable without logging in.
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {
  accessibility: {
    footer: 'Accessibilité : non conforme',
    title: 'Déclaration d’accessibilité',
    intro:
      'La collectivité qui met Estran à la disposition de ses agents s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration s’applique à l’espace de travail Estran.',
    statusTitle: 'État de conformité',
    status:
      'Estran est non conforme avec le référentiel général d’amélioration de l’accessibilité (RGAA) version 4.1 : aucun audit complet n’a encore été réalisé.',
    resultsTitle: 'Résultats des tests',
    results:
      'Chaque page parcourue par les tests automatisés du navigateur est vérifiée avec axe-core, sans erreur relevée. Ces tests ne couvrent pas tous les critères du RGAA ; les points ci-dessous sont connus et en cours de correction.',
    knownTitle: 'Contenus non accessibles',
    known: [
      'Le titre de la fenêtre est le même sur toutes les pages (critère 8.6).',
      'Après certaines actions au clavier, le focus revient au début de la page (critère 12.8).',
      'La session se termine sans avertissement préalable (critère 13.1).',
      'Certaines erreurs de saisie ne sont pas reliées à leur champ (critères 11.10 et 11.11).',
      'À 320 pixels de large, la fiche d’un agent et la pagination débordent (critère 10.11).',
    ],
    dateTitle: 'Établissement de cette déclaration',
    date: 'Cette déclaration a été établie le 2 décembre 2026, à partir des tests automatisés du projet.',
    contactTitle: 'Retour d’information et contact',
    contact:
      'Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez l’assistance de votre collectivité, qui vous orientera vers une alternative accessible ou vous transmettra le contenu sous une autre forme.',
    remedyTitle: 'Voies de recours',
    remedy:
      'Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits : par le formulaire en ligne sur defenseurdesdroits.fr, en contactant un délégué du Défenseur des droits dans votre région, ou par courrier (gratuit, sans affranchissement) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
  },
} as const;
