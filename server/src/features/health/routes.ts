// The health probes: the endpoints of contracts/src/health, logging only warnings.
import type {} from '../../types/fastify.d.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endpoints, type Readiness } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';

const e = endpoints.health;

export async function healthRoutes(app: FastifyInstance) {
  /** Ready when the database answers; 503 otherwise (the error logged). */
  async function checkReadiness(request: Pick<FastifyRequest, 'log'>, reply: FastifyReply): Promise<Readiness | FastifyReply> {
    const { database } = app;
    const migrations = { applied: database.migrations.total, expected: database.migrations.total };
    try {
      await database.ping();
      return { status: 'ok', database: database.kind, migrations };
    } catch (error) {
      request.log.error({ err: error }, 'not ready');
      return reply.code(503).send({ status: 'unavailable', database: database.kind, migrations });
    }
  }

  route(app, e.liveness, () => ({ status: 'ok' as const }), { logLevel: 'warn' });
  route(app, e.readiness, (request, reply) => checkReadiness(request, reply), { logLevel: 'warn' });
}
