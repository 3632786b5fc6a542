export * from './schemas.ts';
export { serviceTokensEndpoints } from './endpoints.ts';
