export * from './import-schemas.ts';
export { importEndpoints } from './import-endpoints.ts';
export { directoryEndpoints } from './endpoints.ts';
