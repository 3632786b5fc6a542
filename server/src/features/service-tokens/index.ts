export { serviceTokenRoutes } from './routes.ts';
export { requireScope, type Principal } from './guard.ts';
export { authenticateServiceToken, createServiceToken, revokeServiceToken, revokeServiceTokensCreatedBy, tenantIdBySlug } from './service-tokens.ts';
