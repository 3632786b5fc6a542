import type { FastifyInstance } from 'fastify';
import { httpRequestDuration } from '../../platform/metrics.ts';

/**
 * Times every request of `app` (a root-level hook: call it on the root instance, before
 * the routes). The route label is the pattern (`/api/admin/agents/:id`), never the URL;
 * requests no route matched share one label.
 */
export function observeRequestDurations(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });
}
