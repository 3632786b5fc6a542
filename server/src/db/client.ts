// The database: embedded PGlite (a data folder, zero set-up) or a PostgreSQL server
// (DATABASE_URL). Both speak the same SQL; migrations run as the owner of the schema,
// then every query runs as `estran_app`, a role that owns nothing, so the forced
// row-level-security policies apply to it (ARCHITECTURE.md: isolation in the database).
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import { migrate, type MigrationReport, type OwnerClient } from './migrate.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DatabaseKind = 'pglite' | 'postgres';

export const APP_ROLE = 'estran_app';

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string /* undefined: in memory */ }
  | { kind: 'postgres'; url: string; poolSize?: number };

export interface Database {
  readonly kind: DatabaseKind;
  readonly migrations: MigrationReport;
  /** A transaction whose row-level-security context is one tenant. */
  tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A transaction in the operator's scope: the tenants table across all tenants, shared
   * guides. With `tenantId` (the operator's own), its tenant-scoped rows too (its audit chain).
   */
  operator<T>(fn: (tx: Tx) => Promise<T>, options?: { tenantId?: string }): Promise<T>;
  /** A transaction with no tenant: only the named global tables' narrow policies apply. */
  anonymous<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Single statements outside any transaction (autocommit), with no tenant: for the
   * named global tables on hot paths (throttling, challenges), where a transaction
   * would hold row locks longer than the statement.
   */
  global<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * One named prepared statement, autocommit (PostgreSQL parses and plans it once per
   * connection). For the few hot paths written as SQL functions.
   */
  prepared<T>(name: string, text: string, values: unknown[]): Promise<T[]>;
  /** Liveness of the connection (readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * SQL as the schema owner, outside row-level security and the append-only grants.
   * For maintenance and for tests that tamper with the audit trail; never for requests.
   */
  ownerQuery(text: string): Promise<Record<string, unknown>[]>;
}

export class DatabaseOpenError extends Error {}
/** The embedded data folder exists but cannot be opened as a database. */
export class DatabaseCorruptError extends DatabaseOpenError {}

const commitHooks = new WeakMap<Tx, Map<string, () => Promise<void>>>();

/**
 * Work to do last in a transaction, right before COMMIT, once per key: the audit trail
 * writes its batch there, so the lock on a tenant's chain head is held for two
 * statements and the commit rather than the whole transaction.
 */
export function beforeCommit(tx: Tx, key: string, fn: () => Promise<void>): void {
  let hooks = commitHooks.get(tx);
  if (!hooks) commitHooks.set(tx, (hooks = new Map()));
  if (!hooks.has(key)) hooks.set(key, fn);
}

function scoped(db: Db) {
  const run = <T>(tenantId: string, scope: string, fn: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      // set_config(…, true) is transaction-local: the context cannot leak to the next
      // transaction on this connection.
      await tx.execute(
        sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', ${scope}, true)`,
      );
      const result = await fn(tx);
      for (const hook of commitHooks.get(tx)?.values() ?? []) await hook();
      return result;
    });
  return {
    tenant: <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => run(tenantId, '', fn),
    operator: <T>(fn: (tx: Tx) => Promise<T>, options?: { tenantId?: string }) => run(options?.tenantId ?? '', 'operator', fn),
    anonymous: <T>(fn: (tx: Tx) => Promise<T>) => run('', '', fn),
    global: <T>(fn: (db: Db) => Promise<T>) => fn(db),
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'pglite') return openPglite(options);
  return openPostgres(options);
}

async function openPglite(options: { dataDir?: string }): Promise<Database> {
  let client: PGlite;
  try {
    client = new PGlite({ dataDir: options.dataDir });
    await client.waitReady;
  } catch (error) {
    throw new DatabaseCorruptError(
      `Impossible d’ouvrir la base embarquée ${options.dataDir ?? '(mémoire)'} : ${(error as Error).message}. ` +
        'Le dossier de données est peut-être corrompu ; restaurez une sauvegarde.',
    );
  }
  const owner: OwnerClient = {
    exec: async (text) => {
      await client.exec(text);
    },
    query: async <R>(text: string, params: unknown[] = []) => (await client.query<R>(text, params)).rows,
  };
  let report: MigrationReport;
  try {
    report = await migrate(owner);
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  // From here on this single connection acts as the application role.
  await client.exec(`SET ROLE ${APP_ROLE}`);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    migrations: report,
    ...scoped(db),
    ping: async () => {
      await client.query('select 1');
    },
    prepared: async <T>(_name: string, text: string, values: unknown[]) => (await client.query<T>(text, values)).rows,
    close: async () => {
      if (!client.closed) await client.close();
    },
    ownerQuery: (text) =>
      client.transaction(async (t) => {
        // SET ROLE NONE returns to the session user (the owner) until this transaction ends.
        await t.exec('SET LOCAL ROLE NONE');
        const results = await t.exec(text); // several statements allowed, as on the server
        return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
      }),
  };
}

async function openPostgres(options: { url: string; poolSize?: number }): Promise<Database> {
  const ownerClient = new pg.Client({ connectionString: options.url });
  try {
    await ownerClient.connect();
  } catch (error) {
    throw new DatabaseOpenError(`Connexion à PostgreSQL impossible : ${(error as Error).message}`);
  }
  let report: MigrationReport;
  try {
    report = await migrate({
      exec: async (text) => {
        await ownerClient.query(text);
      },
      query: async <R>(text: string, params: unknown[] = []) =>
        (await ownerClient.query(text, params)).rows as R[],
    });
  } finally {
    await ownerClient.end().catch(() => {});
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // node-postgres queues this before any query of the new connection.
  pool.on('connect', (c) => {
    c.query(`SET ROLE ${APP_ROLE}`).catch(() => {});
  });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    migrations: report,
    ...scoped(db),
    ping: async () => {
      await pool.query('select 1');
    },
    prepared: async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T[],
    close: async () => {
      await pool.end();
    },
    ownerQuery: async (text) => {
      const c = new pg.Client({ connectionString: options.url });
      await c.connect();
      try {
        const result = (await c.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
  };
}
