import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  agentPage,
  apiError,
  canAdministerOperator,
  canAdministerTenant,
  createTenantBody,
  listQuery,
  sitePage,
  tenant,
  tenantPage,
  tenantSecuritySettings,
  unitPage,
} from '@estran/contracts';
import { requirePolicy } from '../auth/index.ts';
import { createTenant } from './create-tenant.ts';
import { listAgents } from './list-agents.ts';
import { listSites } from './list-sites.ts';
import { listTenants } from './list-tenants.ts';
import { listUnits } from './list-units.ts';
import { readTenantSecuritySettings, updateTenantSecuritySettings } from './tenant-security-settings.ts';

export async function orgRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const denials = { 400: apiError, 401: apiError, 403: apiError };
  const tenantAdmin = requirePolicy(canAdministerTenant);
  const operatorAdmin = requirePolicy(canAdministerOperator);
  const security = [{ session: [] }];

  r.get(
    '/api/admin/tenants',
    {
      schema: { tags: ['org'], summary: 'List member organisations (operator administrators)', security, querystring: listQuery, response: { 200: tenantPage, ...denials } },
      preHandler: operatorAdmin,
    },
    async (request) => listTenants(request.server.database, request.query),
  );

  r.post(
    '/api/admin/tenants',
    {
      schema: {
        tags: ['org'],
        summary: 'Create a member organisation (operator administrators)',
        security,
        body: createTenantBody,
        response: { 201: tenant, ...denials, 409: apiError },
      },
      preHandler: operatorAdmin,
    },
    async (request, reply) => {
      const s = request.session!;
      const created = await createTenant(request.server.database, {
        ...request.body,
        operatorTenantId: s.tenantId,
        actor: { type: 'agent', id: s.agentId },
        requestId: request.id,
      });
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/admin/units',
    {
      schema: { tags: ['org'], summary: 'List the organisational units of the tenant', security, querystring: listQuery, response: { 200: unitPage, ...denials } },
      preHandler: tenantAdmin,
    },
    async (request) => listUnits(request.server.database, request.session!.tenantId, request.query),
  );

  r.get(
    '/api/admin/sites',
    {
      schema: { tags: ['org'], summary: 'List the sites of the tenant', security, querystring: listQuery, response: { 200: sitePage, ...denials } },
      preHandler: tenantAdmin,
    },
    async (request) => listSites(request.server.database, request.session!.tenantId, request.query),
  );

  r.get(
    '/api/admin/agents',
    {
      schema: { tags: ['org'], summary: 'List the agents of the tenant', security, querystring: listQuery, response: { 200: agentPage, ...denials } },
      preHandler: tenantAdmin,
    },
    async (request) => listAgents(request.server.database, request.session!.tenantId, request.query),
  );

  r.get(
    '/api/admin/security-settings',
    {
      schema: { tags: ['org'], summary: 'The tenant’s helpdesk number and authentication policy', security, response: { 200: tenantSecuritySettings, ...denials } },
      preHandler: tenantAdmin,
    },
    async (request) => readTenantSecuritySettings(request.server.database, request.session!.tenantId),
  );

  r.put(
    '/api/admin/security-settings',
    {
      schema: {
        tags: ['org'],
        summary: 'Change the tenant’s helpdesk number and authentication policy (audited)',
        security,
        body: tenantSecuritySettings,
        response: { 200: tenantSecuritySettings, ...denials },
      },
      preHandler: tenantAdmin,
    },
    async (request) =>
      updateTenantSecuritySettings(request.server.database, {
        tenantId: request.session!.tenantId,
        settings: request.body,
        actor: { type: 'agent', id: request.session!.agentId },
        requestId: request.id,
      }),
  );
}
