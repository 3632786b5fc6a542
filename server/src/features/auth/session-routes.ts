// The current session: read it, end it.
import type { FastifyInstance } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { closeSession, presentSession } from './session-cookie.ts';

const e = endpoints.auth;

export function sessionRoutes(app: FastifyInstance) {
  route(app, e.session, (request) => presentSession(request.principal));
  route(app, e.logout, (request, reply) => closeSession(request, reply, request.principal));
}
