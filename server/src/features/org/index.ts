export { orgRoutes } from './routes.ts';
export { createTenant } from './create-tenant.ts';
export { listAgents } from './list-agents.ts';
export { listTenants } from './list-tenants.ts';
export { likePattern } from './like-pattern.ts';
// For other features, which never read org's tables themselves:
export { createOperatorTenant, findTenantId, tenantAuthFacts, tenantsByCreation, tenantsBySlug } from './find-tenant.ts';
export { agentById, agentByLogin, agentIdByEmail, agentIdByLogin, agentNames, agentRoles, createFirstAdministrator, type AgentRecord } from './find-agent.ts';
export { addAgentStrike, clearAgentStrikes, liftAgentSuspension, lockOutAgent, suspendAgent } from './agent-strikes.ts';
export { findAgentForHelpdesk, searchAgentsForHelpdesk, type AgentWithUnit } from './agents-for-helpdesk.ts';
// Auth's hot-path statements only (one SQL statement across both features; the file says why):
export { agentsJoinedByLogin, sessionPrincipalJoin } from './tables-joined-by-auth.ts';
// The directory's bulk import and LDAP sync (features/directory): one snapshot, one bulk write.
export { readDirectory, type DirectoryAgent, type DirectoryUnit, type DirectorySite } from './read-directory.ts';
export { bulkUpsertAgents, directoryAgentFieldNames, type DirectoryAgentFields } from './bulk-upsert-agents.ts';
export { loginsOfOtherTenants } from './logins-of-other-tenants.ts';
export { bulkUpsertUnits, type UnitParentRef } from './bulk-upsert-units.ts';
export { bulkUpsertSites, type DirectorySiteFields } from './bulk-upsert-sites.ts';
// The LDAP sync deactivates the leavers of the directory as an administrator would (features/directory):
export { deactivateAgent } from './deactivate-agent.ts';
