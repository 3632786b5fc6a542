// The fleet's status rules, pure: the server enforces them (409 otherwise), the web offers
// only the changes they allow.
import type { LaptopStatus, FleetKeyStatus } from './schemas.ts';

/** Why a status change is refused, in French; null when it is allowed. */
export function laptopStatusChange(from: LaptopStatus, to: LaptopStatus): string | null {
  if (from === to) return null;
  if (from === 'stolen') return 'Ce poste est déclaré volé : son état ne change plus.';
  if (from === 'retired') return 'Ce poste est réformé : son état ne change plus.';
  if (to === 'stolen') return 'Seule l’assistance déclare un poste volé (ses sessions se ferment et son coffre local est effacé).';
  if (to === 'assigned') return 'Un poste est attribué à un agent par « Attribuer ».';
  return null;
}

/** Whether a computer may be given to an agent now (in stock, or given to someone else). */
export function laptopAssignable(status: LaptopStatus): string | null {
  if (status === 'in-stock' || status === 'assigned') return null;
  return status === 'in-repair'
    ? 'Ce poste est en réparation : remettez-le en stock avant de l’attribuer.'
    : status === 'lost'
      ? 'Ce poste est perdu : remettez-le en stock s’il est retrouvé, avant de l’attribuer.'
      : status === 'stolen'
        ? 'Ce poste est déclaré volé : il ne peut pas être attribué.'
        : 'Ce poste est réformé : il ne peut pas être attribué.';
}

export function fleetKeyStatusChange(from: FleetKeyStatus, to: FleetKeyStatus): string | null {
  if (from === to) return null;
  if (from === 'retired') return 'Cette clé est réformée : son état ne change plus.';
  if (to === 'assigned') return 'Une clé est attribuée à un agent par « Attribuer ».';
  return null;
}

export function fleetKeyAssignable(status: FleetKeyStatus): string | null {
  if (status === 'in-stock' || status === 'assigned') return null;
  return status === 'lost' ? 'Cette clé est perdue : remettez-la en stock si elle est retrouvée, avant de l’attribuer.' : 'Cette clé est réformée : elle ne peut pas être attribuée.';
}
