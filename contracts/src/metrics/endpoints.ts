// The metrics endpoint (server/src/features/metrics): Prometheus scrapes this node. Its
// access is its own (an allowed address, or the operator's bearer token with
// `metrics:read`): the server registers it as public with that check as its preHandler.
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { metricsText } from './schemas.ts';

export const metricsEndpoints = {
  scrape: endpoint({
    method: 'GET',
    path: '/metrics',
    tags: ['metrics'],
    summary: 'Prometheus metrics (text exposition format) of this node',
    description:
      'From an address of ESTRAN_METRICS_ALLOW, or with a bearer service token of the operator’s tenant holding `metrics:read`. ' +
      'Without a token from another address: 404; with a token that does not qualify: 403.',
    access: 'public',
    responses: { 200: metricsText, 403: apiError, 404: apiError },
  }),
};
