// The README's PostgreSQL backup, run: pg_dump -Fc as the backup role of
// deploy/postgres/roles.sql (not as the owner: forced row-level security stops it), then,
// as on a new server, roles.sql again and pg_restore as a superuser; the restored
// database holds every row, its audit chains verify, and `estran doctor` passes on it.
// Needs DATABASE_URL (a superuser) and pg_dump/pg_restore; skips without DATABASE_URL.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../server/src/db/client.ts';
import { ensureFirstTenant } from '../server/src/features/auth/index.ts';
import { seedDemo } from '../server/src/features/org/seed-demo.ts';
import { createDeployDatabase, type DeployDatabase } from '../server/test/deploy-database.ts';

const root = path.resolve(import.meta.dirname, '..');
const base = process.env.DATABASE_URL;
const exec = promisify(execFile);
const skip = base ? false : 'needs DATABASE_URL=postgres://… (a PostgreSQL server and its pg_dump)';
if (skip) console.log(`# deploy/postgres-backup.test.ts skipped: ${skip}`);

function estran(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'server/src/cli/main.ts'), ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Rows per table, read by the superuser (outside row-level security). */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ t: string }>(`select tablename::text as t from pg_tables where schemaname = 'public' order by 1`)).rows;
    const counts: Record<string, number> = {};
    for (const { t } of tables) counts[t] = Number((await client.query(`select count(*) as n from public."${t}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL backup and restore as the README says (deploy/postgres/roles.sql)', { skip }, () => {
  let dir: string;
  let database: DeployDatabase;
  let env: Record<string, string>;
  let before_: Record<string, number>;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'estran-pg-backup-'));
    mkdirSync(path.join(dir, 'backups'));
    writeFileSync(path.join(dir, 'secret.key'), `k1 ${randomBytes(32).toString('base64')} active\n`, { mode: 0o600 });
    database = await createDeployDatabase(base!, 'backup', { backup: true });
    env = {
      DATABASE_URL: database.webUrl,
      DATABASE_MIGRATION_URL: database.ownerUrl,
      ESTRAN_APP_ROLE: database.roles.app,
      ESTRAN_ORIGIN: 'https://estran.example.fr',
      ESTRAN_TRUSTED_PROXIES: '127.0.0.1',
      ESTRAN_BACKUP_DIR: path.join(dir, 'backups'),
      ESTRAN_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
      ESTRAN_DATA_DIR: path.join(dir, 'data'),
    };
    // A département's worth of rows, written as a node writes them (the application role).
    const db = await openDatabase({ kind: 'postgres', url: database.webUrl, migrationUrl: database.ownerUrl, appRole: database.roles.app, poolSize: 2 });
    try {
      await ensureFirstTenant(db, { tenantName: 'Opérateur', adminEmail: 'dsi@estran.test' });
      await seedDemo(db, { agents: 40, seed: 7 });
    } finally {
      await db.close();
    }
    before_ = await rowCounts(database.superUrl);
    assert.ok(before_.agents! > 40 && before_.audit_events! > 0, JSON.stringify(before_));
  });
  after(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses pg_dump as the owner: row-level security is forced for it too', async () => {
    const dumped = await exec('pg_dump', ['-Fc', '-f', path.join(dir, 'owner.dump'), database.ownerUrl]).then(
      () => null,
      (error: Error & { stderr?: string }) => error.stderr ?? error.message,
    );
    assert.ok(dumped, 'pg_dump as the owner fails');
    assert.match(dumped, /row-level security/);
  });

  it('dumps as the backup role, restores on a "new server" as a superuser: every row, chains intact, doctor passes', async () => {
    const file = path.join(dir, 'backups', 'estran-20261202.dump');
    await exec('pg_dump', ['-Fc', '-f', file, database.backupUrl!]);
    assert.ok(statSync(file).size > 0);

    // A new server: no database, no roles; roles.sql with the same names, then the dump.
    await database.recreate();
    assert.equal((await rowCounts(database.superUrl)).agents, undefined, 'the new database is empty');
    await exec('pg_restore', ['--exit-on-error', '--single-transaction', '-d', database.superUrl, file]);
    assert.deepEqual(await rowCounts(database.superUrl), before_);

    const verified = await estran(['audit', 'verify'], env);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^OK .*chaîne intacte/m);
    assert.doesNotMatch(verified.stdout, /ROMPUE/);

    const doctor = await estran(['doctor'], env);
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, new RegExp(`✓ Rôle applicatif : les requêtes s’exécutent en tant que « ${database.roles.app} »`));
    assert.match(doctor.stdout, /✓ Sauvegardes : .*estran-20261202\.dump/);
  });
});
