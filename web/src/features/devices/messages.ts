// Registering a computer of the fleet (the device link).
import { defineMessages } from '../../lib/messages.ts';

export const messages = defineMessages(
  {
    device: {
      title: 'Enregistrement du poste',
      intro: 'Ce lien, ouvert une seule fois sur un poste du parc, l’enregistre comme poste géré : les sessions ouvertes ici en portent le niveau de confiance.',
      register: 'Enregistrer ce poste',
      done: 'Ce poste est enregistré (« {{name}} »).',
    },
  },
  {
    device: {
      title: 'Registering this computer',
      intro: 'This link, opened once on a computer of the fleet, registers it as managed: sessions opened here carry its trust level.',
      register: 'Register this computer',
      done: 'This computer is registered (“{{name}}”).',
    },
  },
);
