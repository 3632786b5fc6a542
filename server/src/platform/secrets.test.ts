// Secrets at rest: sealing and opening with a key id and a context, the key file
// (generated for the embedded database, mode 0600; refused when missing for a server,
// readable by others, or malformed), rotation, and the server refusing to boot (exit 78).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { ConfigError } from '../config.ts';
import { exitCodes } from './exit-codes.ts';
import {
  activateSecretKey,
  checkSecretKeys,
  loadSecretKeys,
  rotateSecretKeys,
  SecretKeyring,
  SecretOpenError,
  secretKeyPath,
} from './secrets.ts';

const tempConfig = (secretKeyFile: string | null = null) => ({ dataDir: mkdtempSync(path.join(tmpdir(), 'estran-secrets-')), secretKeyFile });

function keyring() {
  return loadSecretKeys(tempConfig(), { generate: true });
}

describe('sealing and opening', () => {
  it('opens what it sealed, for the same context only', () => {
    const ring = keyring();
    const sealed = ring.seal('mot de passe de l’annuaire', 'directory.bind-password:t1:d1');
    assert.match(sealed, /^v1\.k\d{8}-[0-9a-f]{6}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    assert.equal(sealed.split('.')[1], ring.activeKeyId);
    assert.equal(ring.openString(sealed, 'directory.bind-password:t1:d1'), 'mot de passe de l’annuaire');
    assert.ok(!sealed.includes(Buffer.from('mot de passe').toString('base64url')));
    assert.throws(() => ring.open(sealed, 'directory.bind-password:t2:d1'), SecretOpenError);
    assert.throws(() => ring.open(sealed, 'provider.api-key:t1:d1'), SecretOpenError);
  });

  it('uses a fresh nonce each time', () => {
    const ring = keyring();
    const a = ring.seal('même secret', 'c');
    const b = ring.seal('même secret', 'c');
    assert.notEqual(a, b);
    assert.notEqual(a.split('.')[2], b.split('.')[2]);
  });

  it('refuses an altered, truncated, re-labelled or unknown-key value', () => {
    const ring = keyring();
    const sealed = ring.seal(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]), 'ctx');
    const [v, kid, nonce, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => ring.open([v, kid, nonce, flipped.toString('base64url')].join('.'), 'ctx'), SecretOpenError);
    assert.throws(() => ring.open([v, kid, nonce, body.slice(0, 8)].join('.'), 'ctx'), SecretOpenError);
    assert.throws(() => ring.open(['v2', kid, nonce, body].join('.'), 'ctx'), SecretOpenError);
    assert.throws(() => ring.open([v, 'k-autre', nonce, body].join('.'), 'ctx'), /absente du fichier de clés/);
    // The key id is authenticated: the same bytes under another key id of the ring do not open.
    const other = new SecretKeyring([
      { id: kid, key: Buffer.alloc(32, 7), active: false },
      { id: 'k2', key: Buffer.alloc(32, 7), active: true },
    ]);
    const underK2 = other.seal('x', 'ctx').split('.');
    assert.throws(() => other.open([underK2[0], kid, underK2[2], underK2[3]].join('.'), 'ctx'), SecretOpenError);
    assert.deepEqual([...ring.open(sealed, 'ctx')], [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('creates data keys for envelope encryption', () => {
    const ring = keyring();
    const { key, sealed } = ring.createDataKey('document:t1:42');
    assert.equal(key.length, 32);
    assert.deepEqual(ring.openDataKey(sealed, 'document:t1:42'), key);
    assert.throws(() => ring.openDataKey(sealed, 'document:t1:43'), SecretOpenError);
  });

  it('never shows key material when logged or serialised', () => {
    const config = tempConfig();
    const ring = loadSecretKeys(config, { generate: true });
    const material = readFileSync(secretKeyPath(config), 'utf8').split('\n').find((l) => l.endsWith(' active'))!.split(' ')[1]!;
    assert.equal(material.length, 44);
    assert.ok(!JSON.stringify(ring).includes(material));
    assert.ok(!inspect(ring, { depth: 5, showHidden: true }).includes(material));
    assert.ok(!inspect(ring, { depth: 5, showHidden: true }).includes(Buffer.from(material, 'base64').toString('hex').slice(0, 16)));
  });
});

describe('the key file', () => {
  it('is generated on first start for the embedded database, mode 0600, and the same keys are loaded next time', () => {
    const config = tempConfig();
    const file = path.join(config.dataDir, 'secret.key');
    assert.equal(existsSync(file), false);
    const first = loadSecretKeys(config, { generate: true });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const sealed = first.seal('s', 'c');
    const second = loadSecretKeys(config, { generate: true });
    assert.equal(second.activeKeyId, first.activeKeyId);
    assert.equal(second.openString(sealed, 'c'), 's');
    assert.deepEqual(checkSecretKeys(config).problems, []);
  });

  it('is a configuration error when missing and not to be generated (a server), or named but missing', () => {
    const server = tempConfig();
    assert.throws(() => loadSecretKeys(server), (e: unknown) => e instanceof ConfigError && /n’existe pas.*estran secret rotate/.test(e.message));
    assert.equal(existsSync(secretKeyPath(server)), false);
    // An explicitly named file is never invented (a missing mount would lose every sealed secret).
    const named = tempConfig(path.join(mkdtempSync(path.join(tmpdir(), 'estran-k-')), 'estran.key'));
    assert.throws(() => loadSecretKeys(named, { generate: true }), ConfigError);
    assert.equal(existsSync(named.secretKeyFile!), false);
  });

  it('is refused when others may read it', () => {
    const config = tempConfig();
    loadSecretKeys(config, { generate: true });
    chmodSync(secretKeyPath(config), 0o644);
    assert.throws(() => loadSecretKeys(config), /accessible à d’autres utilisateurs \(mode 0644\).*chmod 600/);
    assert.equal(checkSecretKeys(config).ok, false);
  });

  it('names each malformed line', () => {
    const config = tempConfig(path.join(mkdtempSync(path.join(tmpdir(), 'estran-k-')), 'k'));
    const file = config.secretKeyFile!;
    const good = Buffer.alloc(32, 1).toString('base64');
    const write = (text: string) => writeFileSync(file, text, { mode: 0o600 });
    write(`# commentaire\n\nk.1 ${good} active\n`);
    assert.match(checkSecretKeys(config).problems.join('\n'), /ligne 3 : identifiant de clé invalide/);
    write(`k1 ${Buffer.alloc(16).toString('base64')} active\n`);
    assert.match(checkSecretKeys(config).problems.join('\n'), /ligne 1 : la clé « k1 » doit être 32 octets/);
    write(`k1 ${good}\nk2 ${good}\n`);
    assert.match(checkSecretKeys(config).problems.join('\n'), /aucune clé n’est marquée « active »/);
    write(`k1 ${good} active\nk2 ${good} active\n`);
    assert.match(checkSecretKeys(config).problems.join('\n'), /2 clés sont marquées « active »/);
    write(`k1 ${good} active\nk1 ${good}\n`);
    assert.match(checkSecretKeys(config).problems.join('\n'), /ligne 2 : l’identifiant « k1 » apparaît deux fois/);
    write(`k1 ${good} actif\n`);
    assert.match(checkSecretKeys(config).problems.join('\n'), /seul le mot « active »/);
    write(`k1 ${good} active\n`);
    const check = checkSecretKeys(config);
    assert.deepEqual({ ok: check.ok, activeKeyId: check.activeKeyId }, { ok: true, activeKeyId: 'k1' });
  });
});

describe('rotation', () => {
  it('makes a new key active, keeps the old ones to open, and reseals', () => {
    const config = tempConfig();
    const ring = loadSecretKeys(config, { generate: true });
    const oldId = ring.activeKeyId;
    const sealed = ring.seal('ancien', 'c');
    const rotated = rotateSecretKeys(config);
    assert.equal(rotated.active, true);
    assert.notEqual(rotated.keyId, oldId);
    assert.equal(statSync(secretKeyPath(config)).mode & 0o777, 0o600);
    // The keyring this process loaded follows (the admin socket runs the command in the server).
    assert.equal(ring.activeKeyId, rotated.keyId);
    assert.deepEqual(ring.keyIds, [rotated.keyId, oldId]);
    assert.equal(ring.needsReseal(sealed), true);
    const resealed = ring.reseal(sealed, 'c');
    assert.equal(resealed.split('.')[1], rotated.keyId);
    assert.equal(ring.needsReseal(resealed), false);
    assert.equal(ring.openString(resealed, 'c'), 'ancien');
    const reloaded = loadSecretKeys(config);
    assert.equal(reloaded.openString(sealed, 'c'), 'ancien');
    assert.equal(reloaded.seal('n', 'c').split('.')[1], rotated.keyId);
  });

  it('stages a key for several nodes, then activates it', () => {
    const config = tempConfig();
    const ring = loadSecretKeys(config, { generate: true });
    const oldId = ring.activeKeyId;
    const staged = rotateSecretKeys(config, { staged: true });
    assert.equal(staged.active, false);
    assert.equal(ring.activeKeyId, oldId);
    assert.ok(ring.keyIds.includes(staged.keyId));
    assert.equal(ring.seal('x', 'c').split('.')[1], oldId);
    assert.deepEqual(activateSecretKey(config, staged.keyId), { file: secretKeyPath(config), previous: oldId });
    assert.equal(ring.activeKeyId, staged.keyId);
    assert.throws(() => activateSecretKey(config, 'k-inconnue'), /aucune clé « k-inconnue »/);
  });

  it('creates the file when there is none (a server: once, then copied to each node)', () => {
    const config = tempConfig();
    const created = rotateSecretKeys(config, { staged: true });
    assert.deepEqual({ created: created.created, active: created.active }, { created: true, active: true });
    assert.equal(loadSecretKeys(config).activeKeyId, created.keyId);
  });
});

describe('the server at boot', () => {
  it('exits 78 with a French message when a PostgreSQL deployment has no key file', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'estran-secrets-boot-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ESTRAN_DATA_DIR: dataDir,
      // Nothing listens there: the key check comes before the database is reached.
      DATABASE_URL: 'postgres://estran@127.0.0.1:9/estran',
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
    delete env.ESTRAN_SECRET_KEY_FILE;
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'main.ts')], { env });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    assert.equal(result.code, exitCodes.config, result.stderr);
    assert.match(result.stderr, /ESTRAN_SECRET_KEY_FILE: Le fichier de clés secrètes .*secret\.key n’existe pas/);
    assert.equal(existsSync(path.join(dataDir, 'secret.key')), false);
  });
});
