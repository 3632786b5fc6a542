// Serving queries run as the application role under row-level security, or not at all
// (issue 15, findings 1, 3 and 9). On PostgreSQL each test builds the roles it needs on
// a fresh database of DATABASE_URL's server (a superuser, as in CI) and drops them after.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, makeAgent, makeTenant, usingPostgres } from '../../test/index.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { DatabaseRoleError, openDatabase, roleProblems, type Database } from './client.ts';
import { queryRows } from './query-rows.ts';
import { agents } from './schema.ts';

const base = process.env.DATABASE_URL;
const suffix = () => randomBytes(4).toString('hex');
const serverMain = path.resolve(import.meta.dirname, '../main.ts');

/** SQL as the server's superuser (DATABASE_URL), on `database` (default: DATABASE_URL's). */
async function superuser(statements: string, database?: string): Promise<void> {
  const url = new URL(base!);
  if (database) url.pathname = `/${database}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    await c.query(statements);
  } finally {
    await c.end();
  }
}

function urlAs(user: string, database: string): string {
  const url = new URL(base!);
  url.username = user;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** A fresh database and the given roles (created LOGIN unless NOLOGIN is in their options). */
async function freshDatabase(roles: Record<string, string>, owner?: string) {
  const name = `estran_role_${suffix()}`;
  for (const [role, opts] of Object.entries(roles)) await superuser(`CREATE ROLE ${role} ${opts}`);
  await superuser(`CREATE DATABASE ${name}${owner ? ` OWNER ${owner}` : ''}`);
  cleanups.push(async () => {
    await superuser(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    for (const role of Object.keys(roles)) {
      await superuser(`DROP OWNED BY ${role} CASCADE`).catch(() => {});
      await superuser(`DROP ROLE IF EXISTS ${role}`);
    }
  });
  return name;
}

async function isolationHolds(database: Database) {
  const a = await makeTenant(database);
  const b = await makeTenant(database);
  await makeAgent(database, b.id, { firstName: 'Bernard' });
  const seen = await database.tenant(a.id, (tx) => tx.select().from(agents));
  assert.deepEqual(seen, [], 'tenant A sees none of tenant B’s agents');
}

describe('the application role', () => {
  it('names what is wrong with the role queries run as', () => {
    const good = { current_user: 'estran_app', session_user: 'estran_web', row_security: 'on', superuser: false, bypass_rls: false, owns_tables: false };
    assert.deepEqual(roleProblems(good, 'estran_app'), []);
    assert.match(roleProblems({ ...good, current_user: 'estran_owner' }, 'estran_app').join(), /« estran_owner » et non en tant que rôle applicatif « estran_app »/);
    assert.match(roleProblems({ ...good, superuser: true }, 'estran_app').join(), /superutilisateur/);
    assert.match(roleProblems({ ...good, bypass_rls: true }, 'estran_app').join(), /BYPASSRLS/);
    assert.match(roleProblems({ ...good, owns_tables: true }, 'estran_app').join(), /possède des tables/);
    assert.match(roleProblems({ ...good, row_security: 'off' }, 'estran_app').join(), /row_security/);
  });

  it('refuses to open when the configured role is a superuser (PGlite too)', async () => {
    // `postgres` is the embedded database's superuser: forced policies do not bind it.
    const options = usingPostgres
      ? { kind: 'postgres' as const, url: urlAs(new URL(base!).username || 'postgres', await freshDatabase({})), appRole: 'postgres' }
      : { kind: 'pglite' as const, appRole: 'postgres' };
    await assert.rejects(openDatabase(options), (error: unknown) => {
      assert.ok(error instanceof DatabaseRoleError);
      assert.match(error.message, /superutilisateur/);
      assert.match(error.message, /« postgres »/);
      return true;
    });
  });

  it('answers /readyz 503 once the role may bypass row-level security', async () => {
    // On a server, a role of this test's own: ALTER ROLE is cluster-wide.
    const own = usingPostgres
      ? await openDatabase({ kind: 'postgres', url: urlAs(new URL(base!).username || 'postgres', await freshDatabase({})), appRole: `estran_app_${suffix()}` })
      : undefined;
    if (own) cleanups.push(async () => superuser(`DROP ROLE IF EXISTS ${own.appRole}`));
    const { app, database, close } = await createTestApp(own ? { database: own } : {});
    try {
      assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
      await database.ownerQuery(`ALTER ROLE ${database.appRole} BYPASSRLS`);
      try {
        assert.equal((await app.inject({ url: '/readyz' })).statusCode, 503);
      } finally {
        await database.ownerQuery(`ALTER ROLE ${database.appRole} NOBYPASSRLS`);
      }
      assert.equal((await app.inject({ url: '/readyz' })).statusCode, 200);
    } finally {
      await close();
      await own?.close();
    }
  });

  it('stops the server at boot with exit 78 when it cannot serve as the application role', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'estran-role-'));
    const result = spawnSync(process.execPath, [serverMain], {
      env: { ...process.env, DATABASE_URL: '', ESTRAN_DATA_DIR: dataDir, ESTRAN_APP_ROLE: 'postgres', PORT: '0', LOG_LEVEL: 'silent', ESTRAN_WEB_DIST: '/nonexistent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, exitCodes.config, result.stderr);
    assert.match(result.stderr, /Estran refuse de servir/);
  });
});

describe('the application role on a PostgreSQL server', { skip: usingPostgres ? false : 'needs DATABASE_URL' }, () => {
  it('is never served around: a login that cannot take the role is refused, with BYPASSRLS or not', async () => {
    const s = suffix();
    const app = `estran_app_${s}`;
    const intruder = `estran_restored_${s}`;
    const db = await freshDatabase({ [intruder]: 'LOGIN BYPASSRLS' });
    // Migrated once by the superuser (the role exists); then served by a BYPASSRLS login
    // that is not a member of it, as after a restore into a new cluster.
    const first = await openDatabase({ kind: 'postgres', url: urlAs('postgres', db), appRole: app });
    await makeTenant(first);
    await first.close();
    await superuser(`GRANT CONNECT ON DATABASE ${db} TO ${intruder}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${intruder}`, db);
    const failures: Error[] = [];
    await assert.rejects(
      openDatabase({ kind: 'postgres', url: urlAs(intruder, db), migrationUrl: urlAs('postgres', db), appRole: app, onConnectionError: (e) => failures.push(e) }),
      (error: unknown) => {
        assert.ok(error instanceof DatabaseRoleError);
        assert.match(error.message, /permission denied to set role/);
        return true;
      },
    );
    assert.ok(failures.some((e) => /permission denied to set role/.test(e.message)), 'the refused connection is reported');
  });

  it('runs with a plain owner (LOGIN CREATEROLE, no BYPASSRLS) and a serving login that owns nothing', async () => {
    const s = suffix();
    const owner = `estran_owner_${s}`;
    const web = `estran_web_${s}`;
    const app = `estran_app_${s}`;
    const db = await freshDatabase({ [owner]: 'LOGIN CREATEROLE', [web]: 'LOGIN' }, owner);
    cleanups.push(async () => {
      await superuser(`DROP ROLE IF EXISTS ${app}`);
    });
    const open = () => openDatabase({ kind: 'postgres', url: urlAs(web, db), migrationUrl: urlAs(owner, db), appRole: app });
    // Fresh: the owner migrates (schema_migrations is not hidden from it by row security).
    await assert.rejects(open(), DatabaseRoleError, 'the serving login is not yet a member of the role');
    await superuser(`GRANT ${app} TO ${web}`);
    const database = await open();
    try {
      assert.deepEqual(database.migrations.applied, [], 'the refused open had applied them all');
      const [me] = await database.global((d) => queryRows<{ u: string; s: string }>(d, sql`select current_user::text as u, session_user::text as s`));
      assert.deepEqual(me, { u: app, s: web });
      await isolationHolds(database);
    } finally {
      await database.close();
    }
    // Existing: nothing runs again.
    const again = await open();
    assert.deepEqual(again.migrations.applied, []);
    await again.close();
  });

  it('gives this database to its own role: estran_app keeps no privilege here, and PUBLIC cannot connect', async () => {
    const s = suffix();
    const app = `estran_app_${s}`;
    const neighbour = `estran_neighbour_${s}`;
    const db = await freshDatabase({ [neighbour]: 'LOGIN' });
    cleanups.push(async () => {
      await superuser(`DROP ROLE IF EXISTS ${app}`);
    });
    const database = await openDatabase({ kind: 'postgres', url: urlAs('postgres', db), appRole: app });
    try {
      const rows = await database.ownerQuery(`
        select has_table_privilege('estran_app', 'agents', 'SELECT') as old_select,
               has_table_privilege('${app}', 'agents', 'SELECT') as app_select,
               has_table_privilege('${app}', 'audit_events', 'UPDATE') as app_audit_update,
               has_table_privilege('${app}', 'audit_events', 'INSERT') as app_audit_insert,
               has_database_privilege('${neighbour}', current_database(), 'CONNECT') as neighbour_connect,
               has_database_privilege('${app}', current_database(), 'CONNECT') as app_connect`);
      assert.deepEqual(rows[0], {
        old_select: false,
        app_select: true,
        app_audit_update: false, // append-only, as estran_app had it
        app_audit_insert: true,
        neighbour_connect: false,
        app_connect: true,
      });
      // The owner of another Estran database (a member of estran_app) cannot get in.
      await superuser(`GRANT estran_app TO ${neighbour}`);
      const c = new pg.Client({ connectionString: urlAs(neighbour, db) });
      await assert.rejects(c.connect(), /permission denied for database/);
    } finally {
      await database.close();
    }
  });
});
