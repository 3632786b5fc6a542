// The devices' routes: thin handlers for the endpoints of contracts/src/devices.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor } from '../../platform/principal.ts';
import { DEVICE_COOKIE, guardPreSession } from '../auth/index.ts';
import { createDevice, declareDeviceStolen, listDevices, registerDevice } from './devices.ts';

const e = endpoints.devices;

/** The device's credential, kept by its browser for five years. */
function setDeviceCookie(reply: FastifyReply, credential: string) {
  reply.setCookie(DEVICE_COOKIE, credential, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    maxAge: 5 * 365 * 24 * 3600,
  });
}

export async function deviceRoutes(app: FastifyInstance) {
  route(app, e.create, async (request) => {
    const { device, token } = await createDevice(app.database, {
      tenantId: request.principal.tenantId,
      ...request.body,
      actor: auditActor(request.principal),
      requestId: request.id,
    });
    return { device, token, link: `${app.config.origin}/device#${token}` };
  });

  route(
    app,
    e.register,
    async (request, reply) => {
      const { device, credential } = await registerDevice(app.database, { token: request.body.token, requestId: request.id });
      setDeviceCookie(reply, credential);
      return device;
    },
    { preHandler: guardPreSession },
  );

  route(app, e.list, (request) => listDevices(app.database, request.principal.tenantId, request.query));

  route(app, e.declareStolen, (request) =>
    declareDeviceStolen(app.database, {
      tenantId: request.principal.tenantId,
      deviceId: request.params.id,
      actor: auditActor(request.principal),
      note: request.body?.note,
      requestId: request.id,
    }),
  );
}
