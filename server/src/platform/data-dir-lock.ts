// PGlite is one process per data folder and does not guard the folder itself
// (ARCHITECTURE.md). The server takes this exclusive lock file before opening it; a
// second server, or a CLI run while the server holds it, sees who holds it.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly holderPid: number;
  constructor(dir: string, holderPid: number) {
    super(
      `Le dossier de données ${dir} est déjà utilisé par le processus ${holderPid} (un serveur Estran). ` +
        'La base embarquée n’accepte qu’un processus à la fois : arrêtez-le, ou utilisez la commande estran, qui passe par lui.',
    );
    this.holderPid = holderPid;
  }
}

export type DataDirLock = { path: string; release(): void };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock of `dir`, if a live process holds it. */
export function lockHolder(dir: string): number | null {
  try {
    const { pid } = JSON.parse(readFileSync(path.join(dir, 'estran.lock'), 'utf8')) as { pid: number };
    return Number.isInteger(pid) && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'estran.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        path: file,
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(dir);
      if (holder !== null && holder !== process.pid) throw new DataDirLockedError(dir, holder);
      // A stale lock: its process died without releasing it (crash, kill -9).
      try {
        unlinkSync(file);
      } catch {
        /* raced with another starter; retry once */
      }
    }
  }
  throw new DataDirLockedError(dir, lockHolder(dir) ?? -1);
}
