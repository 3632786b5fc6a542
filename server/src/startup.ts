// Opening what a process needs from its configuration, and the exit code and message
// for each way that can fail (the server and the CLI share both).
import type { Config } from './config.ts';
import { ConfigError } from './config.ts';
import { DatabaseCorruptError, DatabaseOpenError, DatabaseRoleError, openDatabase, type Database } from './db/client.ts';
import { DatabaseNewerError, MigrationError, MigrationMismatchError } from './db/migrate.ts';
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from './platform/data-dir-lock.ts';
import { exitCodes } from './platform/exit-codes.ts';

export async function openFromConfig(
  config: Config,
  options: { onConnectionError?: (error: Error) => void } = {},
): Promise<{ database: Database; lock: DataDirLock | null }> {
  if (config.database.kind === 'postgres') {
    return { database: await openDatabase({ ...config.database, ...options }), lock: null };
  }
  const lock = acquireDataDirLock(config.dataDir);
  try {
    return { database: await openDatabase(config.database), lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export function startupFailure(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConfigError) return { code: exitCodes.config, message };
  // Serving outside row-level security would expose every tenant: a configuration error.
  if (error instanceof DatabaseRoleError) return { code: exitCodes.config, message };
  if (error instanceof DataDirLockedError) return { code: exitCodes.cantCreate, message };
  if (error instanceof DatabaseNewerError || error instanceof MigrationMismatchError) return { code: exitCodes.dataError, message };
  if (error instanceof MigrationError) return { code: exitCodes.dataError, message };
  if (error instanceof DatabaseCorruptError) return { code: exitCodes.dataError, message };
  if (error instanceof DatabaseOpenError) return { code: exitCodes.unavailable, message };
  return { code: exitCodes.failure, message: `Erreur au démarrage : ${message}` };
}
