export * from './schemas.ts';
export * from './session.ts';
export * from './session-idle.ts';
export { authEndpoints } from './endpoints.ts';
