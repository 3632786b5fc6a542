// Login failures that are not strikes, and the refusals that say what the agent can do
// (issue 17). A 401 of a login stays one answer whatever the cause (it never says which
// factor was wrong); these are the refusals an agent must be told apart:
//  - a leaver (a deactivated agent) presenting a key it signed, or right factors: 423
//    `disabled`, "adressez-vous à votre administrateur" — not the suspension's
//    "appelez l'assistance", which an unblock code cannot lift for a leaver;
//  - a refused unblock code: about the code (retype it, or call the helpdesk for a new
//    one), not about the key or the password.
// recordLoginFailure writes auth.failure for the helpdesk's view of the agent's history
// (a bad signature under their credential id, a wrong password, a login refused to a
// suspended or deactivated agent): never a strike, nothing counted against the agent.
import type { LoginFailureReason } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';

export const accountDisabled = () =>
  new HttpError(423, 'disabled', 'Votre compte a été désactivé : adressez-vous à votre administrateur.');

export const unblockCodeRefused = () =>
  new HttpError(
    401,
    'authentication_failed',
    'Code de déblocage refusé. Vérifiez votre adresse électronique professionnelle et les 10 caractères du code, puis réessayez. ' +
      'Après 3 erreurs, ou passé 15 minutes, le code ne vaut plus : rappelez l’assistance pour en obtenir un nouveau.',
  );

/** The invitation link was already used: say how to get a new one. */
export const enrolmentUsedMessage =
  'Ce lien d’enrôlement a déjà été utilisé : il ne fonctionne qu’une fois. Pour enregistrer une autre clé ou un autre accès, demandez un nouveau lien à l’assistance ou à votre administrateur.';

/** The invitation link expired or was used (where the two are not told apart). */
export const enrolmentUsedOrExpiredMessage =
  'Ce lien d’enrôlement a expiré ou a déjà été utilisé. Demandez un nouveau lien à l’assistance ou à votre administrateur.';

export async function recordLoginFailure(
  tx: Tx,
  input: { tenantId: string; agentId: string; reason: LoginFailureReason; method: 'security-key' | 'password-totp'; ip?: string | undefined; requestId?: string | undefined },
): Promise<void> {
  await recordAudit(tx, input.tenantId, {
    action: 'auth.failure',
    actor: { type: 'agent', id: input.agentId },
    target: { type: 'agent', id: input.agentId },
    data: { reason: input.reason, method: input.method, ip: input.ip ?? null },
    requestId: input.requestId,
  });
}
