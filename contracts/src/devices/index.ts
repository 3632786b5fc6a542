export * from './schemas.ts';
export { devicesEndpoints } from './endpoints.ts';
