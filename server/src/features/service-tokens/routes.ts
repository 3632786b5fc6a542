// The service tokens' routes: thin handlers for the endpoints of contracts/src/service-tokens.
import type { FastifyInstance } from 'fastify';
import { endpoints, type Whoami } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor, type Principal } from '../../platform/principal.ts';
import { createServiceToken, listServiceTokens, revokeServiceToken } from './service-tokens.ts';

const e = endpoints.serviceTokens;

/** Who is calling: the agent, or the service token. */
function describeCaller(principal: Principal): Whoami {
  return { kind: principal.kind, tenantId: principal.tenantId, id: principal.kind === 'agent' ? principal.agentId : principal.tokenId };
}

export async function serviceTokenRoutes(app: FastifyInstance) {
  route(app, e.create, (request) =>
    createServiceToken(app.database, {
      tenantId: request.principal.tenantId,
      name: request.body.name,
      scopes: request.body.scopes,
      days: request.body.expiresInDays,
      actor: auditActor(request.principal),
      requestId: request.id,
    }),
  );

  route(app, e.list, async (request) => ({ items: await listServiceTokens(app.database, request.principal.tenantId) }));

  route(app, e.revoke, (request) =>
    revokeServiceToken(app.database, { tenantId: request.principal.tenantId, id: request.params.id, actor: auditActor(request.principal), requestId: request.id }),
  );

  route(app, e.whoami, (request) => describeCaller(request.principal));
}
