// Schema migrations: plain SQL files in ./migrations, named NNNN_name.sql, append-only.
// They run at start-up, identically on PGlite and PostgreSQL, as the schema owner.
// All pending files apply in ONE transaction: a failure leaves the schema exactly as it
// was (never half-migrated). A database migrated by newer code, or whose applied files
// no longer match the code, is refused with a clear message.
//
// Then, in the same transaction and under the same lock, the SQL functions: the current
// text of every function lives in ./functions/*.sql (CREATE OR REPLACE FUNCTION), applied
// in name order after the migrations, so a function's body changes in its file, never in
// a new migration (functions/README.md: the rules that keep a rolling restart working).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface OwnerClient {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

export type Migration = { id: number; name: string; sql: string; checksum: string };
export type SqlFunctionsFile = { name: string; sql: string; checksum: string };
export type MigrationReport = {
  applied: string[];
  total: number;
  /** The functions files applied by this start, in order; empty when none had changed. */
  functions: string[];
};

export class MigrationError extends Error {}
/** The database was migrated by a newer Estran than this one. */
export class DatabaseNewerError extends MigrationError {}
/** An applied migration differs from the code's file of the same number. */
export class MigrationMismatchError extends MigrationError {}

const dir = path.join(import.meta.dirname, 'migrations');
const fileRe = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const functionsDir = path.join(import.meta.dirname, 'functions');
const functionsFileRe = /^[a-z0-9_]+\.sql$/;
// Outside comments: the functions step never drops a function (an older node may call it).
const dropFunctionRe = /^(?!\s*--).*\bDROP\s+(FUNCTION|ROUTINE|PROCEDURE)\b/im;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

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
        checksum: sha256(text),
      };
    })
    .sort((a, b) => a.id - b.id);
}

/** The SQL functions files, in the order they apply (by name). */
export function loadFunctions(folder = functionsDir): SqlFunctionsFile[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!functionsFileRe.test(file)) throw new MigrationError(`Nom de fichier de fonctions invalide : ${file} (attendu nom.sql)`);
      const text = readFileSync(path.join(folder, file), 'utf8');
      if (dropFunctionRe.test(text)) {
        throw new MigrationError(`Le fichier de fonctions ${file} supprime une fonction : interdit (functions/README.md), une migration le fait.`);
      }
      return { name: file, sql: text, checksum: sha256(text) };
    });
}

// A constant key for pg_advisory_xact_lock: two nodes starting together migrate once.
const MIGRATION_LOCK_KEY = 7_357_001;

export async function migrate(
  client: OwnerClient,
  migrations = loadMigrations(),
  options: { appRole?: string; functions?: SqlFunctionsFile[] } = {},
): Promise<MigrationReport> {
  const functions = options.functions ?? loadFunctions();
  // schema_migrations is owner-only: row security enabled (so the application role, which
  // has no grant on it anyway, would see no row) but NOT forced, so that an owner without
  // BYPASSRLS — a plain role, as production should use — reads and writes it. (Forced, it
  // hid the applied migrations from such an owner, and 0001 ran again.) schema_functions
  // (each functions file's checksum) is kept the same way; created after 0001 on an
  // existing database, it gets the default grants to the application role: revoked.
  // Migrations name the application role through this setting (ESTRAN_APP_ROLE): from
  // 0006 on, `current_setting('estran.app_role')` in a DO block, never a literal name.
  await client.query("SELECT set_config('estran.app_role', $1, false)", [options.appRole ?? 'estran_app']);
  // Its own short transaction under the lock: two nodes starting together on an empty
  // database would otherwise both try to create the tables (a unique violation in the
  // catalog), and the tables outlive a failed migration below.
  await client.exec('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        id integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;
      ALTER TABLE schema_migrations NO FORCE ROW LEVEL SECURITY;
      DO $$
      DECLARE r text;
      BEGIN
        IF to_regclass('schema_functions') IS NULL THEN
          CREATE TABLE schema_functions (
            file text PRIMARY KEY,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          );
          ALTER TABLE schema_functions ENABLE ROW LEVEL SECURITY;
          FOR r IN SELECT rolname FROM pg_roles
                    WHERE rolname IN ('estran_app', current_setting('estran.app_role', true)) LOOP
            EXECUTE format('REVOKE ALL ON schema_functions FROM %I', r);
          END LOOP;
        END IF;
      END $$;`);
    await client.exec('COMMIT');
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw error;
  }
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
    const appliedFunctions = await applyFunctions(client, functions, pending.length > 0);
    await client.exec('COMMIT');
    return {
      applied: pending.map((m) => `${String(m.id).padStart(4, '0')}_${m.name}`),
      total: migrations.length,
      functions: appliedFunctions,
    };
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Every functions file, in order, unless the database already holds exactly these files'
 * text (same names, same checksums) and no migration ran now (one may have created a
 * function anew). Idempotent: CREATE OR REPLACE keeps each function's oid, owner and
 * grants, so triggers and policies that use it are untouched; nothing is dropped.
 */
async function applyFunctions(client: OwnerClient, files: SqlFunctionsFile[], migrated: boolean): Promise<string[]> {
  const recorded = new Map(
    (await client.query<{ file: string; checksum: string }>('SELECT file, checksum FROM schema_functions')).map((r) => [r.file, r.checksum]),
  );
  const unchanged = recorded.size === files.length && files.every((f) => recorded.get(f.name) === f.checksum);
  if (unchanged && !migrated) return [];
  for (const f of files) {
    try {
      await client.exec(f.sql);
    } catch (error) {
      throw new MigrationError(
        `Le fichier de fonctions SQL functions/${f.name} a échoué : ${(error as Error).message}. Aucune migration n’a été appliquée.`,
      );
    }
  }
  await client.exec('DELETE FROM schema_functions');
  for (const f of files) {
    await client.query('INSERT INTO schema_functions (file, checksum) VALUES ($1, $2)', [f.name, f.checksum]);
  }
  return files.map((f) => f.name);
}
