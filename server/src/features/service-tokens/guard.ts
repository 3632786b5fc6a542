// Routes readable by integrations: a session, or a bearer service token with the scope.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { serviceScope } from '@estran/contracts';
import { unauthenticated } from '../../platform/http-errors.ts';
import { requireSession } from '../auth/index.ts';
import { authenticateServiceToken } from './service-tokens.ts';

export type { Principal } from '../../platform/principal.ts';


export function requireScope(scope: z.infer<typeof serviceScope>) {
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const service = await authenticateServiceToken(request.server.database, header.slice(7).trim(), scope);
      if (!service) throw unauthenticated('Jeton de service invalide, expiré, révoqué ou sans la portée requise.');
      request.principal = { kind: 'service', tenantId: service.tenantId, tokenId: service.tokenId };
      return;
    }
    await requireSession(request);
  };
}
