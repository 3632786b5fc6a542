// The database: embedded PGlite (a data folder, zero set-up) or a PostgreSQL server
// (DATABASE_URL). Both speak the same SQL; migrations run as the owner of the schema
// (DATABASE_MIGRATION_URL when set), then every query runs as the application role
// (ESTRAN_APP_ROLE, `estran_app` by default), which owns nothing, so the forced
// row-level-security policies apply to it (ARCHITECTURE.md: isolation in the database).
//
// Fail closed: a serving connection takes the role in its start-up packet
// (`options=-c role=…`), so PostgreSQL refuses the connection itself when the role
// cannot be taken — it is never used as the login role. At open, and on every /readyz,
// `checkApplicationRole` proves that queries run as that role with row security on.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import { migrate, type MigrationReport, type OwnerClient } from './migrate.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DatabaseKind = 'pglite' | 'postgres';

/** The default application role; ESTRAN_APP_ROLE names another (one per database). */
export const DEFAULT_APP_ROLE = 'estran_app';

export type DatabaseOptions =
  | { kind: 'pglite'; dataDir?: string /* undefined: in memory */; appRole?: string }
  | {
      kind: 'postgres';
      /** The serving connection. */
      url: string;
      /** The schema owner, for migrations (and ownerQuery); null: `url` migrates too. */
      migrationUrl?: string | null;
      poolSize?: number;
      appRole?: string;
      /** Told when a connection fails or dies (the server logs it). */
      onConnectionError?: (error: Error) => void;
    };

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
  /** The application role every serving query runs as. */
  readonly appRole: string;
  /**
   * Readiness (readyz): the database answers, and its queries run as the application role
   * with row security on; throws DatabaseRoleError otherwise.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * SQL as the schema owner, outside row-level security and the append-only grants.
   * For maintenance and for tests that tamper with the audit trail; never for requests.
   */
  ownerQuery(text: string): Promise<Record<string, unknown>[]>;
  /**
   * The embedded database only: a tarball (uncompressed: the caller compresses it off the
   * database's turn) of a consistent data folder, taken while it serves (`estran backup`).
   * Absent for a PostgreSQL server (pg_dump).
   */
  dumpEmbedded?(): Promise<Blob>;
}

export class DatabaseOpenError extends Error {}
/** The embedded data folder exists but cannot be opened as a database. */
export class DatabaseCorruptError extends DatabaseOpenError {}
/**
 * Serving queries would not run as the application role under row-level security: the
 * role cannot be taken, is a superuser, bypasses RLS or owns tables. A configuration
 * error (exit 78): serving would expose every tenant.
 */
export class DatabaseRoleError extends Error {}

type RoleFacts = {
  current_user: string;
  session_user: string;
  row_security: string;
  superuser: boolean | null;
  bypass_rls: boolean | null;
  owns_tables: boolean;
};
const ROLE_FACTS_SQL = `
  select current_user::text as current_user, session_user::text as session_user,
         current_setting('row_security') as row_security,
         r.rolsuper as superuser, r.rolbypassrls as bypass_rls,
         exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relowner = r.oid) as owns_tables
    from (select 1) one left join pg_roles r on r.rolname = current_user`;

/** What is wrong with the role serving queries run as, in French; empty when all is well. */
export function roleProblems(facts: RoleFacts, appRole: string): string[] {
  const problems: string[] = [];
  if (facts.current_user !== appRole) {
    problems.push(`les requêtes s’exécutent en tant que « ${facts.current_user} » et non en tant que rôle applicatif « ${appRole} »`);
  }
  if (facts.row_security !== 'on') problems.push(`row_security vaut « ${facts.row_security} » au lieu de « on »`);
  if (facts.superuser) problems.push(`le rôle « ${facts.current_user} » est superutilisateur`);
  if (facts.bypass_rls) problems.push(`le rôle « ${facts.current_user} » contourne la sécurité par ligne (BYPASSRLS)`);
  if (facts.owns_tables) problems.push(`le rôle « ${facts.current_user} » possède des tables (le propriétaire n’est pas soumis aux politiques)`);
  return problems;
}

function roleError(appRole: string, detail: string): DatabaseRoleError {
  return new DatabaseRoleError(
    `Estran refuse de servir : ${detail}. L’isolement des collectivités (sécurité par ligne) ne serait pas garanti. ` +
      `Vérifiez ESTRAN_APP_ROLE (« ${appRole} ») et que le rôle de connexion de DATABASE_URL en est membre (README, Production).`,
  );
}

async function checkApplicationRole(query: (text: string) => Promise<RoleFacts[]>, appRole: string): Promise<void> {
  let facts: RoleFacts | undefined;
  try {
    [facts] = await query(ROLE_FACTS_SQL);
  } catch (error) {
    throw roleError(appRole, `impossible d’ouvrir une connexion en tant que « ${appRole} » (${(error as Error).message})`);
  }
  const problems = roleProblems(facts!, appRole);
  if (problems.length) throw roleError(appRole, problems.join(' ; '));
}

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

async function openPglite(options: Extract<DatabaseOptions, { kind: 'pglite' }>): Promise<Database> {
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
    report = await migrate(owner, undefined, { appRole: options.appRole ?? DEFAULT_APP_ROLE });
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  // From here on this single connection acts as the application role.
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  const roleFacts = async (text: string) => (await client.query<RoleFacts>(text)).rows;
  try {
    await client.exec(`SET ROLE ${quoteIdent(appRole)}`);
    await checkApplicationRole(roleFacts, appRole);
  } catch (error) {
    await client.close().catch(() => {});
    throw error instanceof DatabaseRoleError ? error : roleError(appRole, (error as Error).message);
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    migrations: report,
    appRole,
    ...scoped(db),
    ping: () => checkApplicationRole(roleFacts, appRole),
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
    dumpEmbedded: async () => {
      // A checkpoint first (as the owner), so a restore replays little WAL; then the tar
      // is taken between transactions (PGlite runs one at a time): what it holds is
      // exactly the committed state, as after a clean shutdown.
      await client.transaction(async (t) => {
        await t.exec('SET LOCAL ROLE NONE');
        await t.exec('CHECKPOINT');
      });
      return client._runExclusiveTransaction(() => client.dumpDataDir('none'));
    },
  };
}

/** A PostgreSQL identifier, double-quoted (the role name is also checked by config). */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function openPostgres(options: Extract<DatabaseOptions, { kind: 'postgres' }>): Promise<Database> {
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  const ownerUrl = options.migrationUrl ?? options.url;
  const ownerClient = new pg.Client({ connectionString: ownerUrl });
  try {
    await ownerClient.connect();
  } catch (error) {
    throw new DatabaseOpenError(`Connexion à PostgreSQL impossible : ${(error as Error).message}`);
  }
  let report: MigrationReport;
  try {
    report = await migrate(
      {
        exec: async (text) => {
          await ownerClient.query(text);
        },
        query: async <R>(text: string, params: unknown[] = []) =>
          (await ownerClient.query(text, params)).rows as R[],
      },
      undefined,
      { appRole },
    );
  } finally {
    await ownerClient.end().catch(() => {});
  }
  // The role is a start-up parameter: a connection that cannot take it is refused by
  // PostgreSQL ("permission denied to set role") and never enters the pool. A role set
  // with SET ROLE after connecting could fail while the connection stays usable as the
  // login role, outside row-level security.
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, options: `-c role=${appRole}` });
  pool.on('error', (error) => {
    // An idle client died; the pool replaces it.
    options.onConnectionError?.(error);
  });
  const roleFacts = async (text: string) => {
    try {
      return (await pool.query(text)).rows as RoleFacts[];
    } catch (error) {
      options.onConnectionError?.(error as Error);
      throw error;
    }
  };
  try {
    await checkApplicationRole(roleFacts, appRole);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    migrations: report,
    appRole,
    ...scoped(db),
    ping: () => checkApplicationRole(roleFacts, appRole),
    prepared: async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T[],
    close: async () => {
      await pool.end();
    },
    ownerQuery: async (text) => {
      const c = new pg.Client({ connectionString: ownerUrl });
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
