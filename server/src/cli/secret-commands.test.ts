// `estran secret rotate` / `activate` as the command table runs them (in the CLI, or in
// the server through the admin socket): the file changes, a keyring loaded by this
// process follows, and each change is in the operator's audit trail.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, makeTenant } from '../../test/index.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { checkSecretKeys, loadSecretKeys } from '../platform/secrets.ts';
import { runCommand } from './commands.ts';
import { eventOutput, type OutputEvent } from './output.ts';

async function run(database: Database, config: ReturnType<typeof loadConfig>, argv: string[]) {
  const events: OutputEvent[] = [];
  const code = await runCommand(argv, { database, config, out: eventOutput((e) => events.push(e)) });
  const text = (t: 'out' | 'err') => events.flatMap((e) => (e.t === t ? [e.s] : [])).join('\n');
  return { code, stdout: text('out'), stderr: text('err') };
}

describe('estran secret', () => {
  let database: Database;
  let operatorId: string;
  before(async () => {
    database = await createTestDatabase();
    operatorId = (await makeTenant(database, { operator: true })).id;
  });
  after(() => database.close());

  const auditActions = async () =>
    (await database.ownerQuery(`SELECT action, data FROM audit_events WHERE tenant_id = '${operatorId}' AND action LIKE 'secret_key.%' ORDER BY seq`)) as {
      action: string;
      data: Record<string, unknown>;
    }[];

  it('rotate: a new active key, the old one kept, the running keyring follows, audited', async () => {
    const config = loadConfig({ ESTRAN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'estran-secret-cli-')), NODE_ENV: 'test' });
    const ring = loadSecretKeys(config, { generate: true });
    const first = ring.activeKeyId;
    const sealed = ring.seal('s', 'c');
    const result = await run(database, config, ['secret', 'rotate']);
    assert.equal(result.code, exitCodes.ok, result.stderr);
    const newId = result.stdout.trim();
    assert.match(result.stderr, /Nouvelle clé active/);
    assert.equal(ring.activeKeyId, newId);
    assert.equal(ring.openString(sealed, 'c'), 's');
    assert.deepEqual(checkSecretKeys(config).keyIds, [newId, first]);
    const events = await auditActions();
    assert.deepEqual(events.at(-1), { action: 'secret_key.added', data: { keyId: newId, active: true, fileCreated: false } });

    const resealed = await run(database, config, ['secret', 'rotate', '--reseal']);
    assert.equal(resealed.code, exitCodes.ok, resealed.stderr);
    // The directory's LDAP bind passwords are the sealed store registered (none sealed here).
    assert.match(resealed.stderr, /directory\.ldap-bind-password : 0 secret rescellé/);
  });

  it('rotate --staged, then activate --key', async () => {
    const config = loadConfig({ ESTRAN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'estran-secret-cli-')), NODE_ENV: 'test' });
    const ring = loadSecretKeys(config, { generate: true });
    const first = ring.activeKeyId;
    const staged = await run(database, config, ['secret', 'rotate', '--staged']);
    assert.equal(staged.code, exitCodes.ok, staged.stderr);
    const stagedId = staged.stdout.trim();
    assert.equal(ring.activeKeyId, first);
    assert.match(staged.stderr, new RegExp(`estran secret activate --key ${stagedId}`));
    assert.equal((await run(database, config, ['secret', 'activate'])).code, exitCodes.usage);
    const unknown = await run(database, config, ['secret', 'activate', '--key', 'k-inconnue']);
    assert.equal(unknown.code, exitCodes.config);
    assert.match(unknown.stderr, /aucune clé « k-inconnue » \(clés : /);
    const activated = await run(database, config, ['secret', 'activate', '--key', stagedId]);
    assert.equal(activated.code, exitCodes.ok, activated.stderr);
    assert.equal(ring.activeKeyId, stagedId);
    const events = await auditActions();
    assert.deepEqual(events.at(-1), { action: 'secret_key.activated', data: { keyId: stagedId, previous: first } });
    assert.equal((await run(database, config, ['secret', 'rotate', '--staged', '--reseal'])).code, exitCodes.usage);
  });
});
