// The metrics route: the endpoint of contracts/src/metrics, behind its own access check
// (can-scrape-metrics.ts) and answering Prometheus' text format, not JSON.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { metricsContentType, metricsRegistry } from '../../platform/metrics.ts';
import { addressMatcher, canScrapeMetrics } from './can-scrape-metrics.ts';
import { refreshSessionGauge } from './session-gauge.ts';

export async function metricsRoutes(app: FastifyInstance) {
  const allowed = addressMatcher(app.config.metricsAllow);

  /** This node's metrics, the session gauge refreshed first. */
  async function sendMetrics(reply: FastifyReply): Promise<FastifyReply> {
    await refreshSessionGauge(app.database);
    reply.header('cache-control', 'no-store');
    return reply.type(metricsContentType).send(await metricsRegistry.metrics());
  }

  route(app, endpoints.metrics.scrape, (_request, reply) => sendMetrics(reply), {
    preHandler: (request) => canScrapeMetrics(request, allowed),
    security: [{ bearer: [] }],
    logLevel: 'warn',
  });
}
