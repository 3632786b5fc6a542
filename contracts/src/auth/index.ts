export * from './schemas.ts';
export * from './session.ts';
export { authEndpoints } from './endpoints.ts';
