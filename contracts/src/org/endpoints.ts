// The organisation's endpoints (server/src/features/org): member organisations for the
// operator, the tenant's units, sites and agents, its security settings.
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { canAdministerOperator, canAdministerTenant } from '../policies/admin.ts';
import { tenantSecuritySettings } from '../auth.ts';
import { agentPage, createTenantBody, listQuery, sitePage, tenant, tenantPage, unitPage } from './schemas.ts';

const tags = ['org'];
const denials = { 400: apiError, 401: apiError, 403: apiError };

export const orgEndpoints = {
  listTenants: endpoint({
    method: 'GET',
    path: '/api/admin/tenants',
    tags,
    summary: 'List member organisations (operator administrators)',
    access: 'session',
    policy: canAdministerOperator,
    query: listQuery,
    responses: { 200: tenantPage, ...denials },
  }),
  createTenant: endpoint({
    method: 'POST',
    path: '/api/admin/tenants',
    tags,
    summary: 'Create a member organisation (operator administrators)',
    access: 'session',
    policy: canAdministerOperator,
    body: createTenantBody,
    responses: { 201: tenant, ...denials, 409: apiError },
  }),
  listUnits: endpoint({
    method: 'GET',
    path: '/api/admin/units',
    tags,
    summary: 'List the organisational units of the tenant',
    access: 'session',
    policy: canAdministerTenant,
    query: listQuery,
    responses: { 200: unitPage, ...denials },
  }),
  listSites: endpoint({
    method: 'GET',
    path: '/api/admin/sites',
    tags,
    summary: 'List the sites of the tenant',
    access: 'session',
    policy: canAdministerTenant,
    query: listQuery,
    responses: { 200: sitePage, ...denials },
  }),
  listAgents: endpoint({
    method: 'GET',
    path: '/api/admin/agents',
    tags,
    summary: 'List the agents of the tenant',
    access: 'session',
    policy: canAdministerTenant,
    query: listQuery,
    responses: { 200: agentPage, ...denials },
  }),
  readSecuritySettings: endpoint({
    method: 'GET',
    path: '/api/admin/security-settings',
    tags,
    summary: 'The tenant’s helpdesk number and authentication policy',
    access: 'session',
    policy: canAdministerTenant,
    responses: { 200: tenantSecuritySettings, ...denials },
  }),
  updateSecuritySettings: endpoint({
    method: 'PUT',
    path: '/api/admin/security-settings',
    tags,
    summary: 'Change the tenant’s helpdesk number and authentication policy (audited)',
    access: 'session',
    policy: canAdministerTenant,
    body: tenantSecuritySettings,
    responses: { 200: tenantSecuritySettings, ...denials },
  }),
};
