import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { acquireDataDirLock, DataDirLockedError, lockHolder } from './data-dir-lock.ts';

describe('data folder lock', () => {
  it('is exclusive while held and free once released', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-lock-'));
    const lock = acquireDataDirLock(dir);
    assert.equal(lockHolder(dir), process.pid);
    lock.release();
    assert.equal(existsSync(path.join(dir, 'estran.lock')), false);
    assert.equal(lockHolder(dir), null);
    acquireDataDirLock(dir).release();
  });

  it('refuses a second process while the first is alive', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-lock-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(dir, 'estran.lock'), JSON.stringify({ pid: child.pid }));
      assert.throws(() => acquireDataDirLock(dir), (e: Error) => e instanceof DataDirLockedError && e.message.includes(String(child.pid)));
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-lock-'));
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(path.join(dir, 'estran.lock'), JSON.stringify({ pid: child.pid }));
    const lock = acquireDataDirLock(dir);
    assert.equal(lockHolder(dir), process.pid);
    lock.release();
  });
});
