// Registering a computer of the fleet (the device link).
// English: the same keys as messages.fr.ts.
import type { Translation } from '../../lib/messages.ts';
import type { fr } from './messages.fr.ts';

export const en: Translation<typeof fr> = {
  device: {
    title: 'Registering this computer',
    intro: 'This link, opened once on a computer of the fleet, registers it as managed: sessions opened here carry its trust level.',
    register: 'Register this computer',
    done: 'This computer is registered (“{{name}}”).',
  },
};
