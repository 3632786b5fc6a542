import type { Role } from '../org/schemas.ts';

// Pure access rules shared by the web client (to hide what is forbidden) and the server
// (to enforce it). The database enforces tenancy again with row-level security.

export type Actor = { roles: readonly Role[]; operator: boolean };

/** The admin area (units, sites, agents of one's own tenant). */
export function canAdministerTenant(actor: Actor): boolean {
  return actor.roles.includes('admin');
}

/** Listing and creating tenants: administrators of the operator's own tenant only. */
export function canAdministerOperator(actor: Actor): boolean {
  return actor.operator && actor.roles.includes('admin');
}

/** An agent as the administration rules see them: their roles and standing. */
export type AgentStanding = { id: string; roles: readonly Role[]; status: 'active' | 'suspended' | 'disabled' };

/** An administrator never changes their own roles (another administrator does). */
export function changesOwnRoles(actorAgentId: string | null, targetAgentId: string, before: readonly Role[], after: readonly Role[]): boolean {
  if (actorAgentId !== targetAgentId) return false;
  return before.length !== after.length || before.some((r) => !after.includes(r));
}

/**
 * Whether a change leaves the tenant without an active administrator: `admins` are the
 * tenant's active administrators before the change, `target` the agent changed, `after`
 * their roles and standing after it. Refused (422 last_admin).
 */
export function removesLastAdmin(
  admins: readonly { id: string }[],
  target: AgentStanding,
  after: { roles: readonly Role[]; status: AgentStanding['status'] },
): boolean {
  const wasAdmin = target.status === 'active' && target.roles.includes('admin');
  const staysAdmin = after.status === 'active' && after.roles.includes('admin');
  if (!wasAdmin || staysAdmin) return false;
  return admins.filter((a) => a.id !== target.id).length === 0;
}
