// Org's tables, exported for auth's hot-path statements only, which read an agent (and a
// tenant) in the same SQL statement as auth's own rows rather than in a second round trip:
//   - loadSession (auth/sessions.ts) runs on every request: session + agent + tenant in one
//     select, through `sessionPrincipalJoin` (the agent and tenant columns it reads);
//   - the password + TOTP login (auth/password-totp-login.ts) reads the agent with both
//     credentials in one select, through `agentsJoinedByLogin`;
// The security-key login's statements are SQL functions (db/functions), which read the
// same tables inside the database for the same reason. Every other use of agents or
// tenants outside org goes through the functions of org's index.ts.
import { agents, tenants } from './schema.ts';

/** The agents table, for the login's one select of an agent with their credentials. */
export const agentsJoinedByLogin = agents;

/** What loadSession joins to a session row: the agent and the tenant, and the columns it reads of them. */
export const sessionPrincipalJoin = {
  agents,
  tenants,
  columns: {
    agentId: agents.id,
    firstName: agents.firstName,
    lastName: agents.lastName,
    roles: agents.roles,
    status: agents.status,
    tenantName: tenants.name,
    tenantTimeZone: tenants.timeZone,
    tenantLogoUpdatedAt: tenants.logoUpdatedAt,
    operator: tenants.isOperator,
  },
} as const;
