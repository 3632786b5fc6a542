import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, canAdministerTenant, limits, serviceScope, text } from '@estran/contracts';
import { requirePolicy } from '../auth/index.ts';
import { requireScope } from './guard.ts';
import { createServiceToken, listServiceTokens, revokeServiceToken } from './service-tokens.ts';

const view = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(serviceScope),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export async function serviceTokenRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service-tokens'];
  const security = [{ session: [] }];
  const admin = requirePolicy(canAdministerTenant);
  const denials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };

  r.post(
    '/api/admin/service-tokens',
    {
      schema: {
        tags,
        summary: 'Create a service token for an integration (shown once)',
        security,
        body: z.object({
          name: text().trim().min(1).max(100),
          scopes: z.array(serviceScope).min(1),
          expiresInDays: z.number().int().min(1).max(limits.serviceTokenMaxDays).default(90),
        }),
        response: { 201: view.extend({ token: z.string() }), ...denials },
      },
      preHandler: admin,
    },
    async (request, reply) => {
      const s = request.session!;
      const created = await createServiceToken(app.database, {
        tenantId: s.tenantId,
        name: request.body.name,
        scopes: request.body.scopes,
        days: request.body.expiresInDays,
        actor: { type: 'agent', id: s.agentId },
        requestId: request.id,
      });
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/api/admin/service-tokens',
    { schema: { tags, summary: 'Service tokens of the tenant', security, response: { 200: z.object({ items: z.array(view) }), ...denials } }, preHandler: admin },
    async (request) => ({ items: await listServiceTokens(app.database, request.session!.tenantId) }),
  );

  r.post(
    '/api/admin/service-tokens/:id/revoke',
    {
      schema: { tags, summary: 'Revoke a service token', security, params: z.object({ id: z.uuid() }), body: z.object({}).passthrough().optional(), response: { 204: z.null(), ...denials } },
      preHandler: admin,
    },
    async (request, reply) => {
      const s = request.session!;
      await revokeServiceToken(app.database, { tenantId: s.tenantId, id: request.params.id, actor: { type: 'agent', id: s.agentId }, requestId: request.id });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/org/whoami',
    {
      schema: {
        tags,
        summary: 'Who is calling: an agent session or a service token with the org:read scope',
        security: [{ session: [] }, { bearer: [] }],
        response: { 200: z.object({ kind: z.enum(['agent', 'service']), tenantId: z.uuid(), id: z.uuid() }), 401: apiError },
      },
      preHandler: requireScope('org:read'),
    },
    async (request) => {
      const p = request.principal!;
      return { kind: p.kind, tenantId: p.tenantId, id: p.kind === 'agent' ? p.agentId : p.tokenId };
    },
  );
}
