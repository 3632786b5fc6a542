// The `estran` command and the server as processes, on an embedded data folder: the CLI
// opens the folder itself when it is free, and goes through the running server's admin
// socket when the server holds it. Exit codes follow sysexits.h (platform/exit-codes.ts).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { usingPostgres } from '../../test/index.ts';
import { exitCodes } from '../platform/exit-codes.ts';

const serverMain = path.join(import.meta.dirname, '..', 'main.ts');
const cliMain = path.join(import.meta.dirname, 'main.ts');

function envFor(dataDir: string, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ESTRAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  return env;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number; link: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverMain], { env: envFor(dataDir, { PORT: String(port) }) });
  let stderr = '';
  const link = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /(http:\/\/\S+\/enrol#\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  return { child, port, link };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('estran command and server processes (embedded database)', { skip: usingPostgres && 'runs in the PGlite pass' }, () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const c of children) await stop(c);
  });

  it('runs commands on a free data folder by itself', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-cli-'));
    const migrate = await run(cliMain, ['migrate'], envFor(dir));
    assert.equal(migrate.code, exitCodes.ok, migrate.stderr);
    assert.match(migrate.stdout, /Migrations appliquées : 0001_foundation/);
    const again = await run(cliMain, ['migrate'], envFor(dir));
    assert.match(again.stdout, /Schéma à jour/);
    const usage = await run(cliMain, ['no-such-command'], envFor(dir));
    assert.equal(usage.code, exitCodes.usage);
    assert.match(usage.stderr, /Usage : estran/);
    const badOption = await run(cliMain, ['seed-demo', '--agents', 'beaucoup'], envFor(dir));
    assert.equal(badOption.code, exitCodes.usage);
  });

  it('goes through the running server, which refuses a second server on its folder and stops cleanly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-cli-'));
    const server = await startServer(dir);
    children.push(server.child);
    assert.match(server.link, new RegExp(`^http://localhost:${server.port}/enrol#[0-9a-f-]{36}\\.`));

    const seeded = await run(cliMain, ['seed-demo', '--agents', '30', '--seed', '7'], envFor(dir));
    assert.equal(seeded.code, exitCodes.ok, seeded.stderr);
    assert.match(seeded.stdout, /30 agents \(13 nomades, 17 sédentaires\)/);

    const verify = await run(cliMain, ['audit', 'verify'], envFor(dir));
    assert.equal(verify.code, exitCodes.ok, verify.stderr);
    assert.match(verify.stdout, /^OK {6}Estran .* chaîne intacte$/m);

    const token = await run(cliMain, ['enrolment', 'create', '--agent', 'admin@estran.localhost'], envFor(dir));
    assert.equal(token.code, exitCodes.ok, token.stderr);
    assert.match(token.stdout, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}\n$/, 'the token alone on stdout');

    const second = await run(serverMain, [], envFor(dir, { PORT: String(await freePort()) }));
    assert.equal(second.code, exitCodes.cantCreate);
    assert.match(second.stderr, /déjà utilisé par le processus/);

    assert.equal(await stop(server.child), 0);
    // Released: the CLI now opens the folder itself and sees the server's writes.
    const direct = await run(cliMain, ['audit', 'verify'], envFor(dir));
    assert.equal(direct.code, exitCodes.ok, direct.stderr);
    assert.match(direct.stdout, /chaîne intacte/);
  });

  it('imports the guide from a path relative to the caller, through the running server', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-cli-'));
    const server = await startServer(dir);
    children.push(server.child);
    const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../shared/fixtures');
    const here = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cliMain, ...args], { env: envFor(dir), cwd: path.join(fixtures, 'guide') });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    const base = await here(['guide', 'import', 'edition-2014-01-01']);
    assert.equal(base.code, exitCodes.ok, base.stderr);
    assert.match(base.stdout, /Édition du 2014-01-01 appliquée : 3321 articles ajoutés, 0 modifié, 0 supprimé ; 3321 articles en vigueur\./);
    assert.match(base.stderr, /Fichiers 4258\/4258/);
    const bad = await here(['guide', 'import', '../guide-faulty/bulletin-missing-file']);
    assert.equal(bad.code, exitCodes.dataError);
    assert.match(bad.stderr, /ERREUR .* absent du bulletin/);
    assert.match(bad.stdout, /Bulletin du \S+ refusé : \d+ erreurs? ; rien n’a été modifié/);
    assert.equal(await stop(server.child), 0);
  });

  it('names a broken audit chain and exits with a data error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-cli-'));
    assert.equal((await run(cliMain, ['seed-demo', '--tenant', 'cotes-d-armor', '--agents', '5'], envFor(dir))).code, exitCodes.ok);
    const pg = new PGlite(path.join(dir, 'pg'));
    await pg.exec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      UPDATE audit_events SET action = 'rewritten' WHERE seq = 1;`);
    await pg.close();
    const verify = await run(cliMain, ['audit', 'verify'], envFor(dir));
    assert.equal(verify.code, exitCodes.dataError);
    assert.match(verify.stdout, /ROMPUE .* événement n° 1 \(id [0-9a-f-]{36}\) — contenu modifié/);
  });

  it('refuses a database migrated by a newer Estran, a corrupt data folder and a bad configuration, with clear messages', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-cli-'));
    assert.equal((await run(cliMain, ['migrate'], envFor(dir))).code, exitCodes.ok);
    const pg = new PGlite(path.join(dir, 'pg'));
    await pg.exec(`INSERT INTO schema_migrations (id, name, checksum) VALUES (42, 'later_feature', 'x')`);
    await pg.close();
    const newer = await run(serverMain, [], envFor(dir, { PORT: String(await freePort()) }));
    assert.equal(newer.code, exitCodes.dataError);
    assert.match(newer.stderr, /version plus récente d’Estran \(migration 0042_later_feature/);

    const corrupt = mkdtempSync(path.join(tmpdir(), 'estran-cli-'));
    mkdirSync(path.join(corrupt, 'pg'));
    writeFileSync(path.join(corrupt, 'pg', 'PG_VERSION'), 'pas une base\n');
    const broken = await run(serverMain, [], envFor(corrupt, { PORT: String(await freePort()) }));
    assert.equal(broken.code, exitCodes.dataError);
    assert.match(broken.stderr, /Impossible d’ouvrir la base embarquée .* corrompu/);
    assert.equal(existsSync(path.join(corrupt, 'estran.lock')), false, 'the lock is released');

    const badConfig = await run(serverMain, [], envFor(dir, { PORT: 'trois-mille', LOG_LEVEL: 'bavard' }));
    assert.equal(badConfig.code, exitCodes.config);
    assert.match(badConfig.stderr, /PORT/);
    assert.match(badConfig.stderr, /LOG_LEVEL/);
  });
});
