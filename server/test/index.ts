export { createTestDatabase, usingPostgres } from './database.ts';
export { createTestApp, TEST_ORIGIN } from './app.ts';
export { makeAgent, makeSession, makeTenant } from './factories.ts';
export { dbError } from './db-error.ts';
export { SoftwareAuthenticator } from './software-authenticator.ts';
export { zipEntries, zipFolder } from './zip-folder.ts';
