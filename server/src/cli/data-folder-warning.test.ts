// `estran` warns on stderr, before creating anything, when it opens a data folder where no
// server ever ran (no embedded database in it), naming the folder and ESTRAN_DATA_DIR;
// the command still runs. Once a database is there, it says nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { dataFolderWarning } from './data-folder-warning.ts';

const cliMain = path.join(import.meta.dirname, 'main.ts');
const root = mkdtempSync(path.join(tmpdir(), 'estran-data-warning-'));

function run(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ESTRAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliMain, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('estran on a data folder where no server ever ran', () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  it('warns in French, naming the folder and the variable, before creating it; the command still works; then is quiet', async () => {
    const dir = path.join(root, 'donnees-vides');
    const first = await run(['audit', 'verify'], dir);
    assert.equal(first.code, exitCodes.ok, first.stderr);
    assert.match(first.stderr, /Attention : le dossier de données .*donnees-vides ne contient aucune base Estran — aucun serveur n’y a jamais démarré/);
    assert.match(first.stderr, /ESTRAN_DATA_DIR/);
    assert.match(first.stderr, /Il va être créé, avec une base vide\./);
    // Said before the database is opened: the warning comes first on stderr.
    assert.ok(first.stderr.startsWith('Attention'), first.stderr);
    assert.ok(existsSync(path.join(dir, 'pg', 'PG_VERSION')), 'the command created the embedded database');
    const second = await run(['audit', 'verify'], dir);
    assert.equal(second.code, exitCodes.ok, second.stderr);
    assert.doesNotMatch(second.stderr, /Attention : le dossier de données/);
  });

  it('says whether the variable names the folder or it is the default, and nothing for PostgreSQL', () => {
    const dir = path.join(root, 'jamais-cree');
    const set = dataFolderWarning(loadConfig({ ESTRAN_DATA_DIR: dir, NODE_ENV: 'test' }), { ESTRAN_DATA_DIR: dir });
    assert.match(set ?? '', /la variable ESTRAN_DATA_DIR le désigne \(« .*jamais-cree »\)/);
    assert.match(set ?? '', /Il va être créé/);
    assert.equal(existsSync(dir), false, 'the check creates nothing');
    const unset = dataFolderWarning(loadConfig({ ESTRAN_DATA_DIR: dir, NODE_ENV: 'test' }), {});
    assert.match(unset ?? '', /c’est le dossier par défaut : la variable ESTRAN_DATA_DIR n’est pas définie/);
    const postgres = dataFolderWarning(loadConfig({ DATABASE_URL: 'postgres://estran@127.0.0.1:5432/estran', ESTRAN_DATA_DIR: dir, NODE_ENV: 'test' }), {});
    assert.equal(postgres, null);
  });
});
