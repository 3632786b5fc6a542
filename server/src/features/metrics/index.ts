export { metricsRoutes } from './routes.ts';
export { observeRequestDurations } from './observe-request-durations.ts';
