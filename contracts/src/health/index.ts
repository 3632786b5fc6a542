export * from './schemas.ts';
export { healthEndpoints } from './endpoints.ts';
