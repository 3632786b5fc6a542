// `estran backup` and `estran restore` as processes, on embedded data folders: a backup
// taken through the running server while another command writes is consistent (its
// restore opens, every audit chain verifies, the data written before it is there); a
// restore refuses a folder a server holds and a non-empty folder unless --force (which
// keeps the old one aside). With a PostgreSQL server both point to pg_dump.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createTestDatabase, usingPostgres } from '../../test/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { runCommand } from './commands.ts';
import { eventOutput, type OutputEvent } from './output.ts';

const serverMain = path.join(import.meta.dirname, '..', 'main.ts');
const cliMain = path.join(import.meta.dirname, 'main.ts');
// This suite's ports (3400–3499), one per server it starts.
let nextPort = 3400 + (process.pid % 40);

function envFor(dataDir: string, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ESTRAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  delete env.ESTRAN_BACKUP_DIR;
  return env;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliMain, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [serverMain], { env: envFor(dataDir, { PORT: String(nextPort++), HOST: '127.0.0.1' }) });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/enrol#/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  return child;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Tenants and agents of a data folder no process holds, and whether every chain verifies. */
async function contents(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pg') });
  try {
    const tenants = (await database.ownerQuery('SELECT slug FROM tenants ORDER BY slug')).map((r) => r.slug as string);
    const agents = (await database.ownerQuery('SELECT t.slug, count(a.id)::int AS n FROM tenants t LEFT JOIN agents a ON a.tenant_id = t.id GROUP BY t.slug')).map(
      (r) => [r.slug as string, Number(r.n)] as const,
    );
    const actions = (await database.ownerQuery('SELECT DISTINCT action FROM audit_events')).map((r) => r.action as string);
    return { tenants, agents: Object.fromEntries(agents), actions };
  } finally {
    await database.close();
  }
}

describe('estran backup and restore (embedded database)', { skip: usingPostgres && 'runs in the PGlite pass' }, () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const c of children) await stop(c);
  });

  it('backs up through the running server while it writes, and the restore opens with every audit chain intact', async () => {
    const source = mkdtempSync(path.join(tmpdir(), 'estran-backup-src-'));
    const server = await startServer(source);
    children.push(server);
    const seeded = await run(['seed-demo', '--tenant', 'finistere', '--agents', '40', '--seed', '3'], envFor(source));
    assert.equal(seeded.code, exitCodes.ok, seeded.stderr);
    const token = await run(['token', 'create', '--name', 'supervision', '--scopes', 'metrics:read'], envFor(source));
    assert.equal(token.code, exitCodes.ok, token.stderr);

    // A second tenant is being written while the backup is taken.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'estran-backups-')), 'nuit.tar.gz');
    const [concurrent, backup] = await Promise.all([
      run(['seed-demo', '--tenant', 'morbihan', '--agents', '300', '--seed', '4'], envFor(source)),
      run(['backup', file], envFor(source)),
    ]);
    assert.equal(concurrent.code, exitCodes.ok, concurrent.stderr);
    assert.equal(backup.code, exitCodes.ok, backup.stderr);
    assert.equal(backup.stdout, `${file}\n`, 'the file alone on stdout');
    assert.match(backup.stderr, /Sauvegarde écrite : .*nuit\.tar\.gz \([\d,]+ Mo, en [\d,]+ s\) — \d+ collectivités, \d+ agents, \d+ événements d’audit\./);
    assert.match(backup.stderr, /Octets archivés \d+\/\d+/, 'progress');
    assert.match(backup.stderr, /secret\.key à part/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(path.dirname(file)), ['nuit.tar.gz'], 'no temporary file left');
    const again = await run(['backup', file], envFor(source));
    assert.equal(again.code, exitCodes.cantCreate, 'an existing file is not overwritten without --force');
    assert.match(again.stderr, /existe déjà/);

    // Restore refuses the folder the server holds.
    const held = await run(['restore', file], envFor(source));
    assert.equal(held.code, exitCodes.cantCreate, held.stderr);
    assert.match(held.stderr, /Le serveur Estran \(processus \d+\) utilise le dossier de données .* arrêtez-le avant de restaurer/);

    // Into a fresh folder: it opens, every chain verifies, the data written before the backup is there.
    const fresh = mkdtempSync(path.join(tmpdir(), 'estran-restore-'));
    const restored = await run(['restore', file], envFor(fresh));
    assert.equal(restored.code, exitCodes.ok, restored.stderr);
    assert.match(restored.stderr, /Sauvegarde restaurée dans .*pg : \d+ collectivités, \d+ agents, \d+ événements d’audit \(chaînes vérifiées\)/);
    const verify = await run(['audit', 'verify'], envFor(fresh));
    assert.equal(verify.code, exitCodes.ok, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^OK {6}Département de démonstration .* chaîne intacte$/m);
    assert.doesNotMatch(verify.stdout, /ROMPUE/);
    const got = await contents(fresh);
    assert.ok(got.tenants.includes('finistere'));
    assert.equal(got.agents.finistere, 40, 'every agent committed before the backup');
    // The concurrent tenant is all or nothing in the snapshot, never torn.
    // (seed-demo writes the tenant, then its agents in one transaction).
    assert.ok([undefined, 0, 300].includes(got.agents.morbihan), `morbihan: ${got.agents.morbihan}`);
    for (const action of ['service_token.created', 'backup.created', 'backup.restored']) assert.ok(got.actions.includes(action), action);

    // The source keeps serving: the backup did not disturb it.
    const after = await run(['audit', 'verify'], envFor(source));
    assert.equal(after.code, exitCodes.ok, after.stdout + after.stderr);
    assert.equal(await stop(server), 0);
  });

  it('refuses a non-empty folder unless --force, which keeps the old database aside; refuses what is not a backup', async () => {
    const source = mkdtempSync(path.join(tmpdir(), 'estran-backup-src-'));
    assert.equal((await run(['seed-demo', '--tenant', 'cotes-d-armor', '--agents', '5'], envFor(source))).code, exitCodes.ok);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'estran-backups-')), 'a.tar.gz');
    const backup = await run(['backup', file], envFor(source)); // the CLI opens the free folder itself
    assert.equal(backup.code, exitCodes.ok, backup.stderr);

    const other = mkdtempSync(path.join(tmpdir(), 'estran-restore-'));
    assert.equal((await run(['seed-demo', '--tenant', 'ille-et-vilaine', '--agents', '3'], envFor(other))).code, exitCodes.ok);
    const refused = await run(['restore', file], envFor(other));
    assert.equal(refused.code, exitCodes.cantCreate);
    assert.match(refused.stderr, /contient déjà une base\. Pour la remplacer, relancez avec --force/);
    assert.deepEqual((await contents(other)).tenants, ['ille-et-vilaine'], 'nothing changed');

    const forced = await run(['restore', file, '--force'], envFor(other));
    assert.equal(forced.code, exitCodes.ok, forced.stderr);
    assert.match(forced.stderr, /L’ancienne base est conservée dans .*pg\.before-restore-\d{8}-\d{6}/);
    assert.deepEqual((await contents(other)).tenants, ['cotes-d-armor']);
    const aside = readdirSync(other).find((n) => n.startsWith('pg.before-restore-'))!;
    const old = await openDatabase({ kind: 'pglite', dataDir: path.join(other, aside) });
    assert.deepEqual((await old.ownerQuery('SELECT slug FROM tenants')).map((r) => r.slug), ['ille-et-vilaine']);
    await old.close();
    assert.equal(existsSync(path.join(other, 'estran.lock')), false, 'the lock is released');

    const notBackup = path.join(path.dirname(file), 'notes.tar.gz');
    writeFileSync(notBackup, 'ceci n’est pas une archive');
    const bad = await run(['restore', notBackup], envFor(mkdtempSync(path.join(tmpdir(), 'estran-restore-'))));
    assert.equal(bad.code, exitCodes.dataError);
    assert.match(bad.stderr, /n’est pas une sauvegarde Estran/);
    assert.equal((await run(['restore'], envFor(other))).code, exitCodes.usage);
  });
});

describe('estran backup with a PostgreSQL server', { skip: !usingPostgres && 'runs in the PostgreSQL pass' }, () => {
  it('says to use pg_dump, and how', async () => {
    const database = await createTestDatabase();
    try {
      const events: OutputEvent[] = [];
      const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, NODE_ENV: 'test' });
      for (const argv of [['backup', '/tmp/estran-jamais.tar.gz'], ['restore', '/tmp/estran-jamais.tar.gz']]) {
        const code = await runCommand(argv, { database, config, out: eventOutput((e) => events.push(e)) });
        assert.equal(code, exitCodes.usage);
      }
      const said = events.flatMap((e) => (e.t === 'err' ? [e.s] : [])).join('\n');
      assert.match(said, /pg_dump -Fc/);
      assert.match(said, /pg_restore/);
      assert.equal(existsSync('/tmp/estran-jamais.tar.gz'), false);
    } finally {
      await database.close();
    }
  });
});
