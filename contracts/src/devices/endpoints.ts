// The devices' endpoints (server/src/features/devices): the administrator registers a
// device, the device uses its link, the helpdesk lists the fleet and declares thefts.
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { idParams } from '../inputs.ts';
import { listQuery } from '../org/schemas.ts';
import { canAdministerTenant } from '../policies/admin.ts';
import { canUseHelpdesk } from '../policies/helpdesk.ts';
import { createdDevice, createDeviceBody, declareDeviceStolenBody, device, devicePage, deviceStolenResult, registerDeviceBody } from './schemas.ts';

const tags = ['devices'];
const denials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError };

export const devicesEndpoints = {
  create: endpoint({
    method: 'POST',
    path: '/api/admin/devices',
    tags,
    summary: 'Register a managed laptop or thin client; returns its one-time registration link',
    access: 'session',
    policy: canAdministerTenant,
    body: createDeviceBody,
    responses: { 201: createdDevice, ...denials },
  }),
  /** Pre-session: the server adds the Origin check and the address's throttle. */
  register: endpoint({
    method: 'POST',
    path: '/api/devices/register',
    tags,
    summary: 'On the device: use its registration link; stores the device credential (cookie)',
    access: 'public',
    body: registerDeviceBody,
    responses: { 200: device, 400: apiError, 403: apiError, 404: apiError, 410: apiError },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/helpdesk/devices',
    tags,
    summary: 'Devices of the fleet',
    access: 'session',
    policy: canUseHelpdesk,
    query: listQuery,
    responses: { 200: devicePage, ...denials },
  }),
  declareStolen: endpoint({
    method: 'POST',
    path: '/api/helpdesk/devices/:id/stolen',
    tags,
    summary: 'Declare a device stolen: its sessions end and its credential is revoked at once',
    access: 'session',
    policy: canUseHelpdesk,
    params: idParams,
    body: declareDeviceStolenBody,
    responses: { 200: deviceStolenResult, ...denials, 409: apiError },
  }),
};
