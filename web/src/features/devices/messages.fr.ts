// Registering a computer of the fleet (the device link).
// French, the reference language (messages.en.ts has the same keys, the type checks it).
export const fr = {
  device: {
    title: 'Enregistrement du poste',
    intro: 'Ce lien, ouvert une seule fois sur un poste du parc, l’enregistre comme poste géré : les sessions ouvertes ici en portent le niveau de confiance.',
    register: 'Enregistrer ce poste',
    done: 'Ce poste est enregistré (« {{name}} »).',
  },
} as const;
