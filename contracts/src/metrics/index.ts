export * from './schemas.ts';
export { metricsEndpoints } from './endpoints.ts';
