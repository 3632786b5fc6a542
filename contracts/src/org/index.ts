export * from './schemas.ts';
export * from './organisation.ts';
export { orgEndpoints } from './endpoints.ts';
