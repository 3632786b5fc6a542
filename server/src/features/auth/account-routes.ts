// My account: my security keys and my open sessions (the agent's own; the helpdesk acts
// on others' from features/helpdesk).
import type { FastifyInstance } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor } from '../../platform/principal.ts';
import { endSessions, listKeys, listSessions, revokeKey } from './my-account.ts';

const e = endpoints.auth;

export function accountRoutes(app: FastifyInstance) {
  route(app, e.listKeys, async (request) => ({ keys: await listKeys(app.database, request.principal.tenantId, request.principal.agentId) }));

  route(app, e.revokeKey, (request) =>
    revokeKey(app.database, {
      tenantId: request.principal.tenantId,
      agentId: request.principal.agentId,
      keyId: request.params.id,
      actor: auditActor(request.principal),
      reason: 'revoked_by_owner',
      requestId: request.id,
    }),
  );

  route(app, e.listSessions, async (request) => ({ sessions: await listSessions(app.database, request.principal) }));

  route(app, e.revokeSession, async (request) => {
    await endSessions(app.database, {
      tenantId: request.principal.tenantId,
      agentId: request.principal.agentId,
      sessionId: request.params.id,
      actor: auditActor(request.principal),
      reason: 'ended_by_owner',
      requestId: request.id,
    });
  });
}
