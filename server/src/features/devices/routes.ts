import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, canAdministerTenant, canUseHelpdesk, limits, listQuery, text } from '@estran/contracts';
import { DEVICE_COOKIE, guardPreSession, requirePolicy } from '../auth/index.ts';
import { createDevice, declareDeviceStolen, listDevices, registerDevice } from './devices.ts';

const device = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['managed', 'thin-client']),
  assignedTo: z.string().nullable(),
  registeredAt: z.iso.datetime().nullable(),
  stolenAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export async function deviceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['devices'];
  const security = [{ session: [] }];
  const denials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError };

  r.post(
    '/api/admin/devices',
    {
      schema: {
        tags,
        summary: 'Register a managed laptop or thin client; returns its one-time registration link',
        security,
        body: z.object({
          name: text().trim().min(1).max(100),
          kind: z.enum(['managed', 'thin-client']),
          assignedAgentId: z.uuid().optional(),
        }),
        response: { 201: z.object({ device, token: z.string(), link: z.string() }), ...denials },
      },
      preHandler: requirePolicy(canAdministerTenant),
    },
    async (request, reply) => {
      const s = request.session!;
      const { device: d, token } = await createDevice(app.database, {
        tenantId: s.tenantId,
        ...request.body,
        actor: { type: 'agent', id: s.agentId },
        requestId: request.id,
      });
      return reply.code(201).send({ device: d, token, link: `${app.config.origin}/device#${token}` });
    },
  );

  r.post(
    '/api/devices/register',
    {
      schema: {
        tags,
        summary: 'On the device: use its registration link; stores the device credential (cookie)',
        body: z.object({ token: text().min(20).max(200) }),
        response: { 200: device, 400: apiError, 403: apiError, 404: apiError, 410: apiError },
      },
    },
    async (request, reply) => {
      await guardPreSession(request);
      const { device: d, credential } = await registerDevice(app.database, { token: request.body.token, requestId: request.id });
      reply.setCookie(DEVICE_COOKIE, credential, {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        maxAge: 5 * 365 * 24 * 3600,
      });
      return d;
    },
  );

  r.get(
    '/api/helpdesk/devices',
    {
      schema: { tags, summary: 'Devices of the fleet', security, querystring: listQuery, response: { 200: z.object({ items: z.array(device), total: z.number(), page: z.number(), pageSize: z.number() }), ...denials } },
      preHandler: requirePolicy(canUseHelpdesk),
    },
    async (request) => listDevices(app.database, request.session!.tenantId, request.query),
  );

  r.post(
    '/api/helpdesk/devices/:id/stolen',
    {
      schema: {
        tags,
        summary: 'Declare a device stolen: its sessions end and its credential is revoked at once',
        security,
        params: z.object({ id: z.uuid() }),
        body: z.object({ note: text().trim().max(limits.nameMax).optional() }).optional(),
        response: { 200: z.object({ sessionsEnded: z.number().int() }), ...denials, 409: apiError },
      },
      preHandler: requirePolicy(canUseHelpdesk),
    },
    async (request) => {
      const s = request.session!;
      return declareDeviceStolen(app.database, {
        tenantId: s.tenantId,
        deviceId: request.params.id,
        actor: { type: 'agent', id: s.agentId },
        note: request.body?.note,
        requestId: request.id,
      });
    },
  );
}
