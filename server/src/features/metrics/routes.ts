import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError } from '@estran/contracts';
import { metricsContentType, metricsRegistry } from '../../platform/metrics.ts';
import { addressMatcher, canScrapeMetrics } from './can-scrape-metrics.ts';
import { refreshSessionGauge } from './session-gauge.ts';

export async function metricsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const allowed = addressMatcher(app.config.metricsAllow);
  r.get(
    '/metrics',
    {
      schema: {
        tags: ['metrics'],
        summary: 'Prometheus metrics (text exposition format) of this node',
        description:
          'From an address of ESTRAN_METRICS_ALLOW, or with a bearer service token of the operator’s tenant holding `metrics:read`. ' +
          'Without a token from another address: 404; with a token that does not qualify: 403.',
        security: [{ bearer: [] }],
        response: { 200: z.string(), 403: apiError, 404: apiError },
      },
      logLevel: 'warn',
    },
    async (request, reply) => {
      await canScrapeMetrics(request, allowed);
      await refreshSessionGauge(app.database);
      reply.header('cache-control', 'no-store');
      return reply.type(metricsContentType).send(await metricsRegistry.metrics());
    },
  );
}
