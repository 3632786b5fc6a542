export { orgRoutes } from './routes.ts';
export { createTenant } from './create-tenant.ts';
export { listAgents } from './list-agents.ts';
export { listTenants } from './list-tenants.ts';
