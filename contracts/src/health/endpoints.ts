// The health probes (server/src/features/health): liveness and readiness, for the load
// balancer and the orchestrator. Public, outside /api.
import { endpoint } from '../endpoint.ts';
import { liveness, readiness } from './schemas.ts';

const tags = ['health'];

export const healthEndpoints = {
  liveness: endpoint({
    method: 'GET',
    path: '/healthz',
    tags,
    summary: 'Liveness: the process answers',
    access: 'public',
    responses: { 200: liveness },
  }),
  readiness: endpoint({
    method: 'GET',
    path: '/readyz',
    tags,
    summary: 'Readiness: database reachable and migrations applied',
    access: 'public',
    responses: { 200: readiness, 503: readiness },
  }),
};
