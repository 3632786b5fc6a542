// Boot: configuration, data-folder lock, database (migrations applied), first-start
// enrolment link, HTTP server, admin socket, the shared guide's search index (in the
// background); graceful shutdown on SIGTERM/SIGINT.
import { buildApp } from './app.ts';
import { startAdminSocket } from './cli/admin-socket.ts';
import { loadConfig } from './config.ts';
import { ensureFirstTenant, startAuthHousekeeping } from './features/auth/index.ts';
import { firstAdminBanner } from './features/auth/first-admin-banner.ts';
import { warmSharedGuideIndexes } from './features/guide/index.ts';
import { createLogger } from './platform/logger.ts';
import { loadSecretKeys } from './platform/secrets.ts';
import { createSmppSender } from './platform/sms.ts';
import { openFromConfig, startupFailure } from './startup.ts';

const startedAt = performance.now();

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Before the database: a server deployment without its key file stops here (exit 78).
  const secrets = loadSecretKeys(config, { generate: config.database.kind === 'pglite' });
  const { database, lock } = await openFromConfig(config, {
    // A connection PostgreSQL refused (the application role cannot be taken) or that died.
    onConnectionError: (error) => logger.error({ err: error }, 'database connection failed'),
  });
  if (database.migrations.applied.length) {
    logger.info({ applied: database.migrations.applied }, 'migrations applied');
  }

  const first = await ensureFirstTenant(database, { tenantName: config.firstTenantName, adminEmail: config.firstAdminEmail });
  const sms = config.smpp ? createSmppSender(config.smpp) : null;
  const app = await buildApp({ config, database, logger, sms, secrets });
  const housekeeping = startAuthHousekeeping(database, logger);
  const adminSocket = config.database.kind === 'pglite' ? await startAdminSocket({ config, database, logger }) : null;
  await app.listen({ port: config.port, host: config.host });

  logger.info(
    { origin: config.origin, database: database.kind, startupMs: Math.round(performance.now() - startedAt) },
    'Estran is listening',
  );
  // The first administrator's link is printed last, once the start-up log lines are out
  // (the guide's index warm-up included), so it is not lost among them.
  const printFirstAdminLink = () => {
    if (!first.token) return;
    process.stderr.write(firstAdminBanner({ created: first.created, url: `${config.origin}/enrol#${first.token}`, expiresAt: first.expiresAt! }));
  };
  // The shared guide's search index, built now rather than on the first agent's search.
  warmSharedGuideIndexes(database)
    .then(
      (n) => n && logger.info({ guides: n }, 'guide search indexes built'),
      (error: unknown) => logger.error({ err: error }, 'guide search index build failed'),
    )
    .finally(printFirstAdminLink);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took over 10 s; exiting');
      lock?.release();
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      housekeeping.stop();
      await app.close(); // stops accepting, lets in-flight requests finish
      await adminSocket?.close();
      await sms?.close();
      await database.close();
    } finally {
      lock?.release();
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  const { code, message } = startupFailure(error);
  process.stderr.write(`${message}\n`);
  process.exit(code);
});
