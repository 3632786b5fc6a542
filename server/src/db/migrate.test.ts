import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseNewerError, loadMigrations, migrate, MigrationError, MigrationMismatchError, type OwnerClient } from './migrate.ts';

// The migrator is exercised on a bare PGlite as the owner; the same SQL runs on the
// PostgreSQL server through openDatabase in every other suite when DATABASE_URL is set.
// Tests with a folder of their own migrations leave the real SQL functions out
// (functions: []); functions.test.ts covers that step.
async function bare(): Promise<{ pg: PGlite; owner: OwnerClient }> {
  const pg = new PGlite();
  await pg.waitReady;
  return {
    pg,
    owner: {
      exec: async (sql) => {
        await pg.exec(sql);
      },
      query: async <R>(sql: string, params: unknown[] = []) => (await pg.query<R>(sql, params)).rows,
    },
  };
}

function folderWith(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'estran-mig-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

describe('migrate', () => {
  it('applies every migration once, then is a no-op', async () => {
    const { pg, owner } = await bare();
    const first = await migrate(owner);
    assert.deepEqual(first.applied, loadMigrations().map((m) => `${String(m.id).padStart(4, '0')}_${m.name}`));
    const second = await migrate(owner);
    assert.deepEqual(second.applied, []);
    const rows = await owner.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    assert.equal(rows[0]!.n, loadMigrations().length);
    await pg.close();
  });

  it('refuses a database migrated by newer code and changes nothing', async () => {
    const { pg, owner } = await bare();
    await migrate(owner);
    await owner.exec(`INSERT INTO schema_migrations (id, name, checksum) VALUES (9999, 'from_the_future', 'x')`);
    await assert.rejects(migrate(owner), (e: Error) => e instanceof DatabaseNewerError && /9999_from_the_future/.test(e.message));
    await pg.close();
  });

  it('refuses an applied migration whose file changed since', async () => {
    const { pg, owner } = await bare();
    const dir = folderWith({ '0001_a.sql': 'CREATE TABLE a (x int);' });
    await migrate(owner, loadMigrations(dir), { functions: [] });
    writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x int, y int);');
    await assert.rejects(migrate(owner, loadMigrations(dir), { functions: [] }), MigrationMismatchError);
    await pg.close();
  });

  it('applies all pending migrations in one transaction: a failure leaves none applied', async () => {
    const { pg, owner } = await bare();
    const dir = folderWith({
      '0001_ok.sql': 'CREATE TABLE ok_one (x int);',
      '0002_broken.sql': 'CREATE TABLE ok_two (x int); SELECT * FROM no_such_table;',
    });
    await assert.rejects(migrate(owner, loadMigrations(dir), { functions: [] }), (e: Error) => e instanceof MigrationError && /0002_broken/.test(e.message));
    const tables = await owner.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where tablename in ('ok_one', 'ok_two')`,
    );
    assert.equal(tables[0]!.n, 0, 'no table of the failed batch remains');
    const applied = await owner.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    assert.equal(applied[0]!.n, 0);
    await pg.close();
  });

  it('rejects badly named migration files', () => {
    const dir = folderWith({ 'add-things.sql': 'select 1;' });
    assert.throws(() => loadMigrations(dir), /Nom de migration invalide/);
  });

  it('keeps migrations append-only in the repository: numbered 1..n with no gap', () => {
    const ids = loadMigrations().map((m) => m.id);
    assert.deepEqual(ids, ids.map((_, i) => i + 1));
    assert.ok(readFileSync(path.join(import.meta.dirname, 'migrations', '0001_foundation.sql'), 'utf8').includes('FORCE ROW LEVEL SECURITY'));
  });
});
