import type { Role } from '../org/schemas.ts';
import type { Actor } from './admin.ts';

/** The helpdesk console: helpdesk agents and administrators. */
export function canUseHelpdesk(actor: Actor): boolean {
  return actor.roles.includes('helpdesk') || actor.roles.includes('admin');
}

/**
 * The only roles whose holders the helpdesk may act for. Anyone holding another role —
 * admin, helpdesk, alert sender, and any privileged role added later (an allow-list, so a
 * new role is privileged until listed here) — is recovered by an administrator, and a
 * tenant's only administrator with the CLI (`estran enrolment create`, audited).
 */
export const helpdeskManagedRoles: readonly Role[] = ['agent', 'manager'];

/**
 * Acting on an agent's credentials — unblock codes, enrolments, key revocation, ending
 * sessions (issue 15, finding 2: a helpdesk agent took over an administrator):
 *  - never on one's own account (separation of duties: a suspended helpdesk agent calls
 *    a colleague);
 *  - an administrator, on anyone else of the tenant;
 *  - the helpdesk, only on agents whose roles are all within `helpdeskManagedRoles`: it
 *    never acts on the credentials of someone with more rights than its own.
 */
export function canActOnCredentials(actor: Actor & { agentId: string }, target: { id: string; roles: readonly Role[] }): boolean {
  if (!canUseHelpdesk(actor) || actor.agentId === target.id) return false;
  if (actor.roles.includes('admin')) return true;
  return target.roles.every((r) => helpdeskManagedRoles.includes(r));
}
