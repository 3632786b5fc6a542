import { canAdministerOperator, canAdministerTenant, type Actor } from './admin.ts';

/**
 * Writing a guide (uploading an edition or a bulletin, editing its synonyms): a tenant's
 * own guide by that tenant's administrators; a guide the operator shares with every
 * tenant by the operator's administrators only. Reading is `guide:read` for everyone.
 */
export function canEditGuide(actor: Actor, guide: { shared: boolean }): boolean {
  return guide.shared ? canAdministerOperator(actor) : canAdministerTenant(actor);
}
