// Schema migrations: plain SQL files in ./migrations, named NNNN_name.sql, append-only.
// They run at start-up, identically on PGlite and PostgreSQL, as the schema owner.
// All pending files apply in ONE transaction: a failure leaves the schema exactly as it
// was (never half-migrated). A database migrated by newer code, or whose applied files
// no longer match the code, is refused with a clear message.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface OwnerClient {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

export type Migration = { id: number; name: string; sql: string; checksum: string };
export type MigrationReport = { applied: string[]; total: number };

export class MigrationError extends Error {}
/** The database was migrated by a newer Estran than this one. */
export class DatabaseNewerError extends MigrationError {}
/** An applied migration differs from the code's file of the same number. */
export class MigrationMismatchError extends MigrationError {}

const dir = path.join(import.meta.dirname, 'migrations');
const fileRe = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(folder = dir): Migration[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = fileRe.exec(file);
      if (!m) throw new MigrationError(`Nom de migration invalide : ${file} (attendu NNNN_nom.sql)`);
      const text = readFileSync(path.join(folder, file), 'utf8');
      return {
        id: Number(m[1]),
        name: m[2]!,
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    })
    .sort((a, b) => a.id - b.id);
}

// A constant key for pg_advisory_xact_lock: two nodes starting together migrate once.
const MIGRATION_LOCK_KEY = 7_357_001;

export async function migrate(
  client: OwnerClient,
  migrations = loadMigrations(),
  options: { appRole?: string } = {},
): Promise<MigrationReport> {
  // schema_migrations is owner-only: row security enabled (so the application role, which
  // has no grant on it anyway, would see no row) but NOT forced, so that an owner without
  // BYPASSRLS — a plain role, as production should use — reads and writes it. (Forced, it
  // hid the applied migrations from such an owner, and 0001 ran again.)
  await client.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;
    ALTER TABLE schema_migrations NO FORCE ROW LEVEL SECURITY;`);
  // Migrations name the application role through this setting (ESTRAN_APP_ROLE): from
  // 0006 on, `current_setting('estran.app_role')` in a DO block, never a literal name.
  await client.query("SELECT set_config('estran.app_role', $1, false)", [options.appRole ?? 'estran_app']);
  await client.exec('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await client.query<{ id: number; name: string; checksum: string }>(
      'SELECT id, name, checksum FROM schema_migrations ORDER BY id',
    );
    const known = new Map(migrations.map((m) => [m.id, m]));
    for (const row of applied) {
      const mine = known.get(row.id);
      if (!mine) {
        throw new DatabaseNewerError(
          `La base a été migrée par une version plus récente d’Estran (migration ${String(row.id).padStart(4, '0')}_${row.name} inconnue de ce code). ` +
            'Mettez Estran à jour ; la base n’a pas été modifiée.',
        );
      }
      if (mine.checksum !== row.checksum || mine.name !== row.name) {
        throw new MigrationMismatchError(
          `La migration ${String(row.id).padStart(4, '0')}_${row.name} appliquée à la base diffère du fichier ${String(mine.id).padStart(4, '0')}_${mine.name}.sql du code ` +
            '(les migrations ne se modifient pas une fois publiées). La base n’a pas été modifiée.',
        );
      }
    }
    const done = new Set(applied.map((r) => r.id));
    const pending = migrations.filter((m) => !done.has(m.id));
    for (const m of pending) {
      try {
        await client.exec(m.sql);
      } catch (error) {
        throw new MigrationError(
          `La migration ${String(m.id).padStart(4, '0')}_${m.name} a échoué : ${(error as Error).message}. Aucune migration n’a été appliquée.`,
        );
      }
      await client.query('INSERT INTO schema_migrations (id, name, checksum) VALUES ($1, $2, $3)', [
        m.id,
        m.name,
        m.checksum,
      ]);
    }
    await client.exec('COMMIT');
    return { applied: pending.map((m) => `${String(m.id).padStart(4, '0')}_${m.name}`), total: migrations.length };
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}
