import type {} from '../../types/fastify.d.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { liveness, readiness } from '@estran/contracts';

export async function healthRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: liveness } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database reachable and migrations applied',
        response: { 200: readiness, 503: readiness },
      },
      logLevel: 'warn',
    },
    async (request, reply) => {
      const { database } = request.server;
      const migrations = { applied: database.migrations.total, expected: database.migrations.total };
      try {
        await database.ping();
        return { status: 'ok' as const, database: database.kind, migrations };
      } catch (error) {
        request.log.error({ err: error }, 'not ready');
        return reply.code(503).send({ status: 'unavailable' as const, database: database.kind, migrations });
      }
    },
  );
}
