// The devices' routes: thin handlers for the endpoints of contracts/src/devices.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { endpoints, fleetCsvContentType } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor, type Principal } from '../../platform/principal.ts';
import { DEVICE_COOKIE, guardPreSession } from '../auth/index.ts';
import { createDevice, declareDeviceStolen, listDevices, registerDevice } from './devices.ts';
import { exportFleet } from './export-fleet.ts';
import { listAssignments } from './fleet-assignments.ts';
import { assignFleetKey, createFleetKey, listFleetKeys, updateFleetKey } from './fleet-keys.ts';
import { assignLaptop, createLaptop, createRegistrationLink, listLaptops, updateLaptop } from './laptops.ts';
import { createWave, listWaveAgents, listWaves, updateWave } from './waves.ts';

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
      const { device, credential } = await registerDevice(app.database, { token: request.body.token, userAgent: request.headers['user-agent'], requestId: request.id });
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

  // The fleet (issue 17): the inventory, its assignments, the deployment waves.
  const admin = (request: { principal: Principal; id: string }) => ({
    tenantId: request.principal.tenantId,
    actor: auditActor(request.principal),
    requestId: request.id,
  });
  route(app, e.listLaptops, (request) => listLaptops(app.database, request.principal.tenantId, request.query));
  route(app, e.createLaptop, (request) => createLaptop(app.database, { ...admin(request), laptop: request.body }));
  route(app, e.updateLaptop, (request) => updateLaptop(app.database, { ...admin(request), laptopId: request.params.id, changes: request.body }));
  route(app, e.assignLaptop, (request) => assignLaptop(app.database, { ...admin(request), laptopId: request.params.id, agentId: request.body.agentId }));
  route(app, e.laptopRegistration, async (request) => {
    const { token } = await createRegistrationLink(app.database, { ...admin(request), laptopId: request.params.id });
    return { token, link: `${app.config.origin}/device#${token}` };
  });
  route(app, e.listKeys, (request) => listFleetKeys(app.database, request.principal.tenantId, request.query));
  route(app, e.createKey, (request) => createFleetKey(app.database, { ...admin(request), key: request.body }));
  route(app, e.updateKey, (request) => updateFleetKey(app.database, { ...admin(request), keyId: request.params.id, changes: request.body }));
  route(app, e.assignKey, (request) => assignFleetKey(app.database, { ...admin(request), keyId: request.params.id, agentId: request.body.agentId }));
  route(app, e.listAssignments, (request) => app.database.tenant(request.principal.tenantId, (tx) => listAssignments(tx, request.query)));
  route(app, e.listWaves, (request) => listWaves(app.database, request.principal.tenantId, request.query));
  route(app, e.createWave, (request) => createWave(app.database, { ...admin(request), wave: request.body }));
  route(app, e.updateWave, (request) => updateWave(app.database, { ...admin(request), waveId: request.params.id, changes: request.body }));
  route(app, e.listWaveAgents, (request) => listWaveAgents(app.database, request.principal.tenantId, request.params.id, request.query));
  route(app, e.exportFleet, async (request, reply) => {
    const csv = await exportFleet(app.database, admin(request));
    csv.on('error', (err) => request.log.error({ err }, 'fleet export interrupted'));
    const day = new Date().toISOString().slice(0, 10);
    return reply.header('content-disposition', `attachment; filename="parc-${day}.csv"`).type(fleetCsvContentType).send(csv);
  });
}
