// The service tokens' endpoints (server/src/features/service-tokens): the tenant
// administrator creates, lists and revokes them; integrations ask who they are.
import { z } from 'zod';
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { emptyBody, idParams } from '../inputs.ts';
import { canAdministerTenant } from '../policies/admin.ts';
import { createdServiceToken, createServiceTokenBody, serviceTokenList, whoami } from './schemas.ts';

const tags = ['service-tokens'];
const denials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };

export const serviceTokensEndpoints = {
  create: endpoint({
    method: 'POST',
    path: '/api/admin/service-tokens',
    tags,
    summary: 'Create a service token for an integration (shown once)',
    access: 'session',
    policy: canAdministerTenant,
    body: createServiceTokenBody,
    responses: { 201: createdServiceToken, ...denials },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/admin/service-tokens',
    tags,
    summary: 'Service tokens of the tenant',
    access: 'session',
    policy: canAdministerTenant,
    responses: { 200: serviceTokenList, ...denials },
  }),
  revoke: endpoint({
    method: 'POST',
    path: '/api/admin/service-tokens/:id/revoke',
    tags,
    summary: 'Revoke a service token',
    access: 'session',
    policy: canAdministerTenant,
    params: idParams,
    body: emptyBody,
    responses: { 204: z.null(), ...denials },
  }),
  whoami: endpoint({
    method: 'GET',
    path: '/api/org/whoami',
    tags,
    summary: 'Who is calling: an agent session or a service token with the org:read scope',
    access: { scope: 'org:read' },
    responses: { 200: whoami, 401: apiError },
  }),
};
