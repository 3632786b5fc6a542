// The systemd units of deploy/systemd, judged by systemd itself: `systemd-analyze security
// --offline` rates each unit's sandbox (0 = locked down, 10 = none); both stay at "OK"
// or better, and keep the settings the README names. Skips where systemd-analyze is
// not installed (the units cannot be started in a container without systemd as PID 1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const dir = path.join(import.meta.dirname, 'systemd');
const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
const skip = analyze ? false : 'needs systemd-analyze (Debian: systemd)';
if (skip) console.log(`# deploy/systemd.test.ts skipped: ${skip}`);

/** The overall exposure systemd-analyze gives a unit file (e.g. 1.2). */
function exposure(unit: string): number {
  const run = spawnSync(analyze!, ['security', '--offline=yes', path.join(dir, unit)], { encoding: 'utf8' });
  const m = /Overall exposure level for \S+: (\d+\.\d)/.exec(run.stdout);
  assert.ok(m, `systemd-analyze security rated ${unit}:\n${run.stdout}${run.stderr}`);
  return Number(m[1]);
}

describe('systemd units (deploy/systemd)', { skip }, () => {
  for (const unit of ['estran.service', 'estran@.service']) {
    it(`${unit}: exposure at most 1.5, and the sandbox the README describes`, () => {
      const score = exposure(unit);
      assert.ok(score <= 1.5, `${unit}: exposure ${score}`);
      const text = readFileSync(path.join(dir, unit), 'utf8');
      for (const line of [
        'User=estran',
        'EnvironmentFile=/etc/estran/estran.env',
        'ProtectSystem=strict',
        'NoNewPrivileges=yes',
        'PrivateTmp=yes',
        'ProtectHome=yes',
        'CapabilityBoundingSet=',
        'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6',
        'SystemCallFilter=@system-service',
        'MemoryDenyWriteExecute=no',
        'LockPersonality=yes',
        'KillSignal=SIGTERM',
        'RestartPreventExitStatus=64 65 73 78',
      ]) {
        assert.ok(text.split('\n').includes(line), `${unit} has ${line}`);
      }
      assert.match(text, /^ReadWritePaths=\/var\/lib\/estran/m);
    });
  }

  it('estran@.service: the instance is the port, with its own data folder', () => {
    const text = readFileSync(path.join(dir, 'estran@.service'), 'utf8');
    assert.match(text, /^Environment=.*\bPORT=%i\b/m);
    assert.match(text, /^Environment=.*\bESTRAN_DATA_DIR=\/var\/lib\/estran\/%i\b/m);
    assert.match(text, /^StateDirectory=estran\/%i$/m);
  });
});
