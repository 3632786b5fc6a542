// Every feature's Drizzle schema, gathered for db/client.ts (Drizzle's types: Schema, Db, Tx)
// and for tests. Features never import this file: each reads its own tables
// (features/<feature>/schema.ts) and calls other features through their index.ts
// (features/import-boundaries.test.ts checks it).
export * from '../features/org/schema.ts';
export * from '../features/auth/schema.ts';
export * from '../features/devices/schema.ts';
export * from '../features/service-tokens/schema.ts';
export * from '../features/audit/schema.ts';
export * from '../features/guide/schema.ts';
export * from '../features/directory/ldap-schema.ts';
