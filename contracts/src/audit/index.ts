export * from './schemas.ts';
export { auditEndpoints } from './endpoints.ts';
