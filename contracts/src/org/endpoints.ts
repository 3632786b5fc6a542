// The organisation's endpoints (server/src/features/org): member organisations for the
// operator, the tenant's units, sites and agents, its security settings.
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { canAdministerOperator, canAdministerTenant } from '../policies/admin.ts';
import { tenantSecuritySettings } from '../auth/schemas.ts';
import { agent, agentIdParams, agentPage, createTenantBody, listQuery, myPreferences, sitePage, tenant, tenantPage, unitPage, updateAgentBody, updateMyPreferencesBody } from './schemas.ts';

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
  updateAgent: endpoint({
    method: 'PATCH',
    path: '/api/admin/agents/:id',
    tags,
    summary: 'Change an agent (audited): today the preferred language',
    description: 'Only the fields given change; `null` clears a field. Answers the agent as the list shows it.',
    access: 'session',
    policy: canAdministerTenant,
    params: agentIdParams,
    body: updateAgentBody,
    responses: { 200: agent, ...denials, 404: apiError },
  }),
  readMyPreferences: endpoint({
    method: 'GET',
    path: '/api/org/me/preferences',
    tags,
    summary: 'The calling agent’s own preferences (interface language)',
    access: 'session',
    responses: { 200: myPreferences, 401: apiError },
  }),
  updateMyPreferences: endpoint({
    method: 'PUT',
    path: '/api/org/me/preferences',
    tags,
    summary: 'Change the calling agent’s own preferences (audited)',
    access: 'session',
    body: updateMyPreferencesBody,
    responses: { 200: myPreferences, 400: apiError, 401: apiError, 403: apiError },
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
