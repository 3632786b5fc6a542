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
