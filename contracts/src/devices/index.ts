export * from './schemas.ts';
export { devicesEndpoints } from './endpoints.ts';
export * from './fleet-rules.ts';
