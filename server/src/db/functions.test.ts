// The SQL functions step of migrate() (db/functions/README.md): a fresh database and an
// upgraded one end with the same functions, every function a migration creates has its
// current text in db/functions, applying the files again changes nothing, and nodes
// starting together on PostgreSQL both come up. PGlite in memory by default; with
// DATABASE_URL, each database is a fresh one on that server, dropped afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadFunctions, loadMigrations, migrate, MigrationError, type OwnerClient } from './migrate.ts';

type Owner = OwnerClient & { close(): Promise<void> };

const base = process.env.DATABASE_URL;
const usingPostgres = Boolean(base);
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** An empty database and a client on it as its owner (PGlite, or a new database on DATABASE_URL's server). */
async function emptyDatabase(): Promise<{ owner: Owner; connect: () => Promise<Owner> }> {
  if (!base) {
    const db = new PGlite();
    await db.waitReady;
    const owner: Owner = {
      exec: async (text) => {
        await db.exec(text);
      },
      query: async <R>(text: string, params: unknown[] = []) => (await db.query<R>(text, params)).rows,
      close: async () => {
        if (!db.closed) await db.close();
      },
    };
    cleanups.push(owner.close);
    return { owner, connect: () => Promise.reject(new Error('PGlite has one connection')) };
  }
  const name = `estran_test_fn_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const clients: pg.Client[] = [];
  const connect = async (): Promise<Owner> => {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    clients.push(c);
    return {
      exec: async (text) => {
        await c.query(text);
      },
      query: async <R>(text: string, params: unknown[] = []) => (await c.query(text, params)).rows as R[],
      close: () => c.end(),
    };
  };
  cleanups.push(async () => {
    for (const c of clients) await c.end().catch(() => {});
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  return { owner: await connect(), connect };
}

type FunctionRow = { signature: string; oid: number; definition: string; acl: string | null; owner: string };

/** Every function of schema public: its full definition (pg_get_functiondef) and grants. */
async function functionsOf(owner: OwnerClient): Promise<FunctionRow[]> {
  return owner.query<FunctionRow>(`
    select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature,
           p.oid::int as oid, pg_get_functiondef(p.oid) as definition, p.proacl::text as acl,
           pg_get_userbyid(p.proowner)::text as owner
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public'
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
     order by 1`);
}
const withoutOids = (rows: FunctionRow[]) => rows.map(({ oid: _oid, ...rest }) => rest);

const migrations = loadMigrations();
const files = loadFunctions();
const fileNames = files.map((f) => f.name);

describe('SQL functions (db/functions)', () => {
  it('a fresh database and one upgraded a migration at a time end with the same functions and grants', async () => {
    const fresh = await emptyDatabase();
    const report = await migrate(fresh.owner);
    assert.deepEqual(report.functions, fileNames, 'a fresh database gets every functions file');

    // The upgraded one: one release per migration, each from before the functions folder
    // (migrations only), then this code.
    const upgraded = await emptyDatabase();
    for (let n = 1; n <= migrations.length; n++) {
      const step = await migrate(upgraded.owner, migrations.slice(0, n), { functions: [] });
      assert.deepEqual(step.applied, [`${String(n).padStart(4, '0')}_${migrations[n - 1]!.name}`]);
    }
    const last = await migrate(upgraded.owner);
    assert.deepEqual(last.applied, [], 'no migration left');
    assert.deepEqual(last.functions, fileNames, 'the functions step runs on a database that never had it');

    const a = await functionsOf(fresh.owner);
    assert.ok(a.length >= 10, 'the schema has its functions');
    assert.deepEqual(withoutOids(await functionsOf(upgraded.owner)), withoutOids(a));
  });

  it('has a file in db/functions for every function a migration creates, and drops none', async () => {
    const { owner } = await emptyDatabase();
    await migrate(owner, migrations, { functions: [] });
    const created = await functionsOf(owner);
    // The functions the files (re)define: the pg_proc rows this transaction wrote.
    await owner.exec('BEGIN');
    for (const f of files) await owner.exec(f.sql);
    const defined = await owner.query<{ signature: string }>(`
      select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.xmin::text = (pg_current_xact_id()::text::bigint % 4294967296)::text`);
    const after = await functionsOf(owner);
    await owner.exec('ROLLBACK');
    const inFiles = new Set(defined.map((r) => r.signature));
    for (const f of created) {
      assert.ok(inFiles.has(f.signature), `${f.signature} is created by a migration but has no file in server/src/db/functions`);
    }
    for (const f of created) assert.ok(after.some((g) => g.oid === f.oid), `${f.signature} is kept (never dropped)`);
    for (const f of files) assert.doesNotMatch(f.sql, /^(?!\s*--).*\bDROP\s+FUNCTION\b/im, `${f.name} drops no function`);
  });

  it('applies the files again without changing anything, and skips them when nothing changed', async () => {
    const { owner } = await emptyDatabase();
    await migrate(owner);
    const before = await functionsOf(owner);
    const again = await migrate(owner);
    assert.deepEqual(again, { applied: [], total: migrations.length, functions: [] }, 'nothing changed: nothing applied');
    for (const f of files) await owner.exec(f.sql);
    assert.deepEqual(await functionsOf(owner), before, 'same definitions, grants and oids (triggers and policies untouched)');
    // A changed checksum (a release with a new body) applies every file again.
    await owner.exec(`UPDATE schema_functions SET checksum = 'older' WHERE file = '${fileNames[0]}'`);
    assert.deepEqual((await migrate(owner)).functions, fileNames);
    assert.deepEqual(await functionsOf(owner), before);
    assert.deepEqual((await migrate(owner)).functions, []);
  });

  it('applies a changed body at the next start, keeps a removed file’s function, and fails as a whole', async () => {
    const { owner } = await emptyDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-fn-'));
    try {
      const probe = (n: number) => `CREATE OR REPLACE FUNCTION fn_probe() RETURNS integer LANGUAGE sql AS $$ SELECT ${n} $$;\n`;
      writeFileSync(path.join(dir, 'fn_probe.sql'), probe(1));
      await migrate(owner, [], { functions: loadFunctions(dir) });
      writeFileSync(path.join(dir, 'fn_probe.sql'), probe(2));
      assert.deepEqual((await migrate(owner, [], { functions: loadFunctions(dir) })).functions, ['fn_probe.sql']);
      assert.deepEqual(await owner.query('select fn_probe() as n'), [{ n: 2 }]);

      rmSync(path.join(dir, 'fn_probe.sql'));
      await migrate(owner, [], { functions: loadFunctions(dir) });
      assert.deepEqual(await owner.query('select fn_probe() as n'), [{ n: 2 }], 'a removed file leaves its function');

      // A broken file rolls back the migrations of the same start.
      const migDir = mkdtempSync(path.join(tmpdir(), 'estran-fn-mig-'));
      writeFileSync(path.join(migDir, '0001_t.sql'), 'CREATE TABLE fn_t (x int);');
      writeFileSync(path.join(dir, 'broken.sql'), 'CREATE OR REPLACE FUNCTION fn_broken() RETURNS integer LANGUAGE sql AS $$ SELECT nope FROM nowhere $$;');
      await assert.rejects(
        migrate(owner, loadMigrations(migDir), { functions: loadFunctions(dir) }),
        (e: Error) => e instanceof MigrationError && /functions\/broken\.sql/.test(e.message),
      );
      assert.deepEqual(await owner.query(`select to_regclass('fn_t') as t`), [{ t: null }], 'the migration was rolled back');
      rmSync(migDir, { recursive: true });

      writeFileSync(path.join(dir, 'broken.sql'), 'DROP FUNCTION fn_probe();');
      assert.throws(() => loadFunctions(dir), /supprime une fonction/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('keeps schema_functions owner-only: row security on, not forced, no grant to the application role', async () => {
    const { owner } = await emptyDatabase();
    await migrate(owner);
    const [row] = await owner.query<{ enabled: boolean; forced: boolean; app_select: boolean }>(`
      select c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             has_table_privilege('estran_app', c.oid, 'SELECT') as app_select
        from pg_class c where c.oid = 'schema_functions'::regclass`);
    assert.deepEqual(row, { enabled: true, forced: false, app_select: false });
    // Created on a database migrated before it existed (default grants to the app role apply).
    await owner.exec('DROP TABLE schema_functions');
    assert.deepEqual((await migrate(owner)).functions, fileNames);
    const [again] = await owner.query<{ app_select: boolean }>(
      `select has_table_privilege('estran_app', 'schema_functions', 'SELECT') as app_select`,
    );
    assert.equal(again!.app_select, false);
  });

  it('keeps each file’s header: what it is for and who calls it', () => {
    for (const f of files) assert.match(f.sql, /^-- .+\n(-- .*\n)*/, `${f.name} starts with a comment`);
    const readme = readFileSync(path.join(import.meta.dirname, 'functions', 'README.md'), 'utf8');
    assert.match(readme, /NEW name/);
  });

  it('lets two nodes started together both migrate (PostgreSQL, separate connections)', { skip: usingPostgres ? false : 'needs DATABASE_URL' }, async () => {
    const { owner, connect } = await emptyDatabase();
    const other = await connect();
    const reports = await Promise.all([migrate(owner), migrate(other)]);
    const [first, second] = reports[0].applied.length ? reports : [reports[1], reports[0]];
    assert.equal(first.applied.length, migrations.length, 'one node applied the migrations');
    assert.deepEqual(first.functions, fileNames, 'and the functions');
    assert.deepEqual(second, { applied: [], total: migrations.length, functions: [] }, 'the other found everything done');
    // Both again, together, on an up-to-date database.
    const again = await Promise.all([migrate(owner), migrate(other)]);
    for (const r of again) assert.deepEqual(r, { applied: [], total: migrations.length, functions: [] });
  });
});
