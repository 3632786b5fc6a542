export * from './schemas.ts';
export { helpdeskEndpoints } from './endpoints.ts';
