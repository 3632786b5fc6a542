export * from './schemas.ts';
export { orgEndpoints } from './endpoints.ts';
