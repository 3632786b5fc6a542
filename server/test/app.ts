// The real Fastify application over a test database, driven with app.inject (no port).
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createTestDatabase } from './database.ts';

export const TEST_ORIGIN = 'http://localhost:3000';

export async function createTestApp(options: { database?: Database; env?: Record<string, string> } = {}): Promise<{
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({ ESTRAN_ORIGIN: TEST_ORIGIN, ESTRAN_WEB_DIST: '/nonexistent', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...options.env });
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
