// `estran doctor`: a production configuration passes; each mistake fails its own check,
// named in French. On PostgreSQL (DATABASE_URL), against a database set up by
// deploy/postgres/roles.sql and migrated by `estran migrate` as the owner, through the
// real command (exit codes 0 and 78).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDeployDatabase, type DeployDatabase } from '../../test/deploy-database.ts';
import { loadConfig } from '../config.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { doctorExitCode, runDoctor, type DoctorCheck } from './doctor.ts';

const cliMain = path.join(import.meta.dirname, 'main.ts');
const base = process.env.DATABASE_URL;

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliMain, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const byId = (checks: DoctorCheck[], id: string) => {
  const check = checks.find((c) => c.id === id);
  assert.ok(check, `a ${id} check`);
  return check;
};

describe('estran doctor', () => {
  let dir: string;
  let good: Record<string, string>;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'estran-doctor-'));
    mkdirSync(path.join(dir, 'backups'));
    writeFileSync(path.join(dir, 'backups', 'estran-2026-12-01.tar'), 'a backup');
    writeFileSync(path.join(dir, 'secret.key'), `k1 ${randomBytes(32).toString('base64')} active\n`, { mode: 0o600 });
    // A production configuration on the embedded database.
    good = {
      ESTRAN_DATA_DIR: path.join(dir, 'data'),
      ESTRAN_ORIGIN: 'https://estran.example.fr',
      ESTRAN_TRUSTED_PROXIES: '127.0.0.1,::1',
      ESTRAN_BACKUP_DIR: path.join(dir, 'backups'),
      ESTRAN_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const doctor = (env: Record<string, string>) => runDoctor(loadConfig(env));

  it('passes a production configuration on the embedded database, exempt from the role checks', async () => {
    const checks = await doctor(good);
    assert.equal(doctorExitCode(checks), exitCodes.ok, JSON.stringify(checks, null, 1));
    assert.deepEqual(checks.map((c) => [c.id, c.status]), [
      ['origin', 'ok'],
      ['proxies', 'ok'],
      ['database', 'skip'],
      ['backups', 'ok'],
      ['secret-key', 'ok'],
    ]);
    assert.match(byId(checks, 'database').text, /embarquée \(PGlite/);
  });

  it('fails an http origin, naming ESTRAN_ORIGIN', async () => {
    const checks = await doctor({ ...good, ESTRAN_ORIGIN: 'http://estran.example.fr' });
    assert.equal(doctorExitCode(checks), exitCodes.config);
    const origin = byId(checks, 'origin');
    assert.equal(origin.status, 'fail');
    assert.match(origin.text, /ESTRAN_ORIGIN=https:\/\//);
    assert.equal(checks.filter((c) => c.status === 'fail').length, 1, 'only that check fails');
  });

  it('fails an https origin without trusted proxies, and proxies that trust everyone', async () => {
    const { ESTRAN_TRUSTED_PROXIES: _omit, ...withoutProxies } = good;
    const none = byId(await doctor(withoutProxies), 'proxies');
    assert.equal(none.status, 'fail');
    assert.match(none.text, /ESTRAN_TRUSTED_PROXIES/);
    const everyone = byId(await doctor({ ...good, ESTRAN_TRUSTED_PROXIES: '10.0.0.1,0.0.0.0/0' }), 'proxies');
    assert.equal(everyone.status, 'fail');
    assert.match(everyone.text, /0\.0\.0\.0\/0/);
  });

  it('fails backups that are not declared, missing, or older than 26 hours', async () => {
    const { ESTRAN_BACKUP_DIR: _omit, ...undeclared } = good;
    const none = byId(await doctor(undeclared), 'backups');
    assert.equal(none.status, 'fail');
    assert.match(none.text, /ESTRAN_BACKUP_DIR/);

    const empty = path.join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    assert.equal(byId(await doctor({ ...good, ESTRAN_BACKUP_DIR: empty }), 'backups').status, 'fail');
    assert.equal(byId(await doctor({ ...good, ESTRAN_BACKUP_DIR: path.join(dir, 'nowhere') }), 'backups').status, 'fail');

    const stale = path.join(dir, 'stale');
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, 'old.tar'), 'x');
    const then = new Date(Date.now() - 27 * 3_600_000);
    utimesSync(path.join(stale, 'old.tar'), then, then);
    const old = byId(await doctor({ ...good, ESTRAN_BACKUP_DIR: stale }), 'backups');
    assert.equal(old.status, 'fail');
    assert.match(old.text, /old\.tar/);
    // A fresh file beside it is the newest: the check passes again.
    writeFileSync(path.join(stale, 'new.tar'), 'x');
    assert.equal(byId(await doctor({ ...good, ESTRAN_BACKUP_DIR: stale }), 'backups').status, 'ok');
  });

  it('fails a secret key file that is missing, readable by others, or without a valid key', async () => {
    const missing = byId(await doctor({ ...good, ESTRAN_SECRET_KEY_FILE: path.join(dir, 'none.key') }), 'secret-key');
    assert.equal(missing.status, 'fail');
    assert.match(missing.text, /n’existe pas/);

    const open = path.join(dir, 'open.key');
    writeFileSync(open, `k1 ${randomBytes(32).toString('base64')} active\n`);
    chmodSync(open, 0o644);
    const readable = byId(await doctor({ ...good, ESTRAN_SECRET_KEY_FILE: open }), 'secret-key');
    assert.equal(readable.status, 'fail');
    assert.match(readable.text, /chmod 600/);

    const bad = path.join(dir, 'bad.key');
    writeFileSync(bad, `k1 ${randomBytes(16).toString('base64')} active\n`, { mode: 0o600 });
    assert.equal(byId(await doctor({ ...good, ESTRAN_SECRET_KEY_FILE: bad }), 'secret-key').status, 'fail');
  });

  it('is a command of estran that needs no database: exit 78 and one line per check', async () => {
    const res = await run(['doctor'], { ...good, ESTRAN_ORIGIN: 'http://localhost:3000' });
    assert.equal(res.code, exitCodes.config, res.stderr);
    const lines = res.stdout.trim().split('\n');
    assert.equal(lines.length, 6, res.stdout);
    assert.match(lines[0]!, /^✗ Origine publique/);
    assert.match(lines.at(-1)!, /À corriger avant la production : 1 point/);
  });

  describe('on PostgreSQL', { skip: base ? false : 'needs DATABASE_URL (the role checks are PostgreSQL’s)' }, () => {
    let database: DeployDatabase;
    let onServer: Record<string, string>;

    before(async () => {
      database = await createDeployDatabase(base!, 'doctor');
      onServer = {
        ...good,
        DATABASE_URL: database.webUrl,
        DATABASE_MIGRATION_URL: database.ownerUrl,
        ESTRAN_APP_ROLE: database.roles.app,
      };
      // Migrated as the operator would: the owner, through the command.
      const migrated = await run(['migrate'], onServer);
      assert.equal(migrated.code, exitCodes.ok, migrated.stderr);
    });
    after(async () => database?.drop());

    it('passes the roles of deploy/postgres/roles.sql: every check ✓, exit 0', async () => {
      const res = await run(['doctor'], onServer);
      assert.equal(res.code, exitCodes.ok, res.stdout + res.stderr);
      const lines = res.stdout.trim().split('\n');
      assert.deepEqual(lines.slice(0, -1).map((l) => l[0]), Array(lines.length - 1).fill('✓'), res.stdout);
      assert.equal(lines.length, 10, res.stdout);
      assert.match(res.stdout, new RegExp(`en tant que « ${database.roles.app} », sécurité par ligne active`));
      assert.match(lines.at(-1)!, /^Configuration prête pour la production\.$/);
    });

    it('fails a superuser DATABASE_URL, an http origin and a missing migration URL, naming each', async () => {
      const { DATABASE_MIGRATION_URL: _omit, ...rest } = onServer;
      const res = await run(['doctor'], { ...rest, DATABASE_URL: database.superUrl, ESTRAN_ORIGIN: 'http://estran.example.fr' });
      assert.equal(res.code, exitCodes.config, res.stdout + res.stderr);
      const failed = res.stdout.split('\n').filter((l) => l.startsWith('✗'));
      assert.equal(failed.length, 3, res.stdout);
      assert.match(failed[0]!, /^✗ Origine publique : http:\/\/estran\.example\.fr .*ESTRAN_ORIGIN=https/);
      assert.match(failed[1]!, /^✗ Migrations : DATABASE_MIGRATION_URL n’est pas défini/);
      assert.match(failed[2]!, /^✗ Rôle de connexion \(DATABASE_URL\) : « postgres » est superutilisateur/);
    });

    it('fails the owner as the serving connection (it owns the database and the tables)', async () => {
      const checks = await doctor({ ...onServer, DATABASE_URL: database.ownerUrl });
      const login = byId(checks, 'login');
      assert.equal(login.status, 'fail');
      assert.match(login.text, new RegExp(`« ${database.roles.owner} » possède la base « ${database.name} »`));
      assert.match(login.text, /possède \d+ objets/);
    });

    it('fails a serving login that cannot take the application role, and names the GRANT', async () => {
      const checks = await doctor({ ...onServer, ESTRAN_APP_ROLE: `${database.roles.app}_other` });
      const login = byId(checks, 'login');
      assert.equal(login.status, 'fail');
      assert.match(login.text, /ne peut pas prendre le rôle/);
      assert.match(login.text, new RegExp(`GRANT ${database.roles.app}_other TO ${database.roles.web};`));
    });

    it('warns, without failing, about the shared default role name', async () => {
      // estran_app exists (migration 0001) but this login is not its member: it fails;
      // the warning is about the name, checked once the role is taken. Here: the owner,
      // a member of estran_app since 0001, with the default name.
      const checks = await doctor({ ...onServer, DATABASE_URL: database.ownerUrl, ESTRAN_APP_ROLE: 'estran_app' });
      assert.equal(byId(checks, 'role-name').status, 'warn');
      assert.match(byId(checks, 'role-name').text, /ESTRAN_APP_ROLE=estran_app_/);
    });

    it('fails a clock that differs from the database’s by more than 2 s', async () => {
      const checks = await runDoctor(loadConfig(onServer), { now: () => Date.now() - 10_000 });
      const clock = byId(checks, 'clock');
      assert.equal(clock.status, 'fail');
      assert.match(clock.text, /PostgreSQL avance de 10\.\d s/);
      assert.equal(byId(await runDoctor(loadConfig(onServer)), 'clock').status, 'ok');
    });
  });
});
