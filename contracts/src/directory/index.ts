export * from './import-schemas.ts';
export { importEndpoints } from './import-endpoints.ts';
export { directoryEndpoints } from './endpoints.ts';
export * from './ldap-schemas.ts';
export { ldapEndpoints } from './ldap-endpoints.ts';
