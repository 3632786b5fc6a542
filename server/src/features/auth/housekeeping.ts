// Housekeeping of the authentication tables, every minute on every node (harmless when
// several nodes do it): expired challenges, spent throttling counters, and sessions that
// ended more than 90 days ago (their creation and end stay in the audit trail).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { pruneThrottle } from './throttle.ts';

export async function sweepAuthTables(database: Database): Promise<void> {
  await database.global((db) => db.execute(sql`delete from auth_challenges where expires_at < now()`));
  await pruneThrottle(database);
  await database.global((db) => db.execute(sql`select purge_ended_sessions(interval '90 days')`));
}

export function startAuthHousekeeping(database: Database, logger: Logger, everyMs = 60_000): { stop(): void } {
  const timer = setInterval(() => {
    sweepAuthTables(database).catch((error: unknown) => logger.warn({ err: error }, 'auth housekeeping failed'));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
