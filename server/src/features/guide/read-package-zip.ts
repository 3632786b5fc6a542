// Reads a guide package uploaded as a zip (admin area) in memory, for readGuidePackage to
// check exactly as it checks `estran guide import <folder>`. The steps and their error
// codes are in unpack-package-zip.ts; here, where they run: in a worker thread, never on
// the event loop every tenant's requests share (issue 15, finding 6: a zip bomb with false
// sizes froze /healthz for 53 s; an honest 60 MiB article blocked it 3.5 s).
//
// One worker per upload (uploads are rare, and a fresh worker leaves nothing behind), at
// most READERS_AT_ONCE at a time on a node (each holds up to guidePackageMaxBytes in and
// guidePackageMaxUncompressedBytes out); more uploads wait their turn:
//   - the zip's bytes are moved to it (transferList), not copied, when they fill their own
//     ArrayBuffer — an upload's body does; the caller's buffer is then empty (detached).
//     Bytes that share a buffer (a slice of Node's pool) are copied instead;
//   - its heap is bounded (resourceLimits), and it is terminated past
//     guidePackageReadTimeoutMs; the promise settles only once the worker has exited,
//     whatever happened, so no worker outlives its upload;
//   - it answers the kept files (moved back), the warnings, the bytes it inflated and its
//     thread id (onStats: what the tests and the benchmark look at).
//
// The zip itself is read by zip-archive.ts (its central directory, then each kept entry
// inflated by Node's zlib, bytes counted, stopped past the entry's declared size).
import { isMarkedAsUntransferable, Worker } from 'node:worker_threads';
import { limits } from '@estran/contracts';
import { HttpError } from '../../platform/http-errors.ts';
import { memorySource, type PackageSource, type Problem } from './read-package.ts';
import type { UnpackReply } from './unpack-package-zip-worker.ts';

export { isSafeEntryName } from './unpack-package-zip.ts';

export type ReadZipStats = { inflatedBytes: number; threadId: number };

const workerUrl = new URL('./unpack-package-zip-worker.ts', import.meta.url);
const tooLarge = (message: string) => new HttpError(413, 'archive_too_large', message);

const READERS_AT_ONCE = 2;
let readers = 0;
const waiting: (() => void)[] = [];
/** Waits for a reader's slot; the function returned gives it back (to the next in line). */
async function readerSlot(): Promise<() => void> {
  if (readers < READERS_AT_ONCE) readers += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  return () => {
    const next = waiting.shift();
    if (next) next();
    else readers -= 1;
  };
}

/** The bytes as an ArrayBuffer the worker may take: the caller's own, else a copy. */
function movable(zip: Uint8Array): ArrayBuffer {
  const buffer = zip.buffer;
  if (buffer instanceof ArrayBuffer && zip.byteOffset === 0 && zip.byteLength === buffer.byteLength && !isMarkedAsUntransferable(buffer)) return buffer;
  return new Uint8Array(zip).buffer; // a copy (Buffer#slice would be a view)
}

export async function readPackageZip(
  zip: Uint8Array,
  options: { timeoutMs?: number; onStats?: (stats: ReadZipStats) => void } = {},
): Promise<{ source: PackageSource; warnings: Problem[] }> {
  const release = await readerSlot();
  try {
    return await readInWorker(zip, options);
  } finally {
    release();
  }
}

function readInWorker(zip: Uint8Array, options: Parameters<typeof readPackageZip>[1] = {}): Promise<{ source: PackageSource; warnings: Problem[] }> {
  const timeoutMs = options.timeoutMs ?? limits.guidePackageReadTimeoutMs;
  const buffer = movable(zip);
  const bytes = new Uint8Array(buffer);
  return new Promise((resolve, reject) => {
    let outcome: { ok: true; value: { source: PackageSource; warnings: Problem[] } } | { ok: false; error: unknown } | null = null;
    const worker = new Worker(workerUrl, {
      name: 'estran-guide-zip',
      workerData: { zip: bytes },
      transferList: [buffer],
      // The inflated files live in ArrayBuffers, outside this heap; it only holds the
      // central directory's entries (at most guidePackageMaxEntries).
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const timer = setTimeout(() => {
      outcome ??= {
        ok: false,
        error: tooLarge(`Archive refusée : sa lecture a dépassé ${Math.ceil(timeoutMs / 1000)} s. Vérifiez l’archive, ou réessayez plus tard si le serveur est chargé. Rien n’a été importé.`),
      };
      void worker.terminate();
    }, timeoutMs);
    worker.on('message', (reply: UnpackReply) => {
      options.onStats?.({ inflatedBytes: reply.inflatedBytes, threadId: reply.threadId });
      outcome ??= reply.ok
        ? { ok: true, value: { source: memorySource('archive zip', new Map(reply.files)), warnings: reply.warnings } }
        : { ok: false, error: new HttpError(reply.error.status, reply.error.code, reply.error.message) };
      void worker.terminate();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      outcome ??= {
        ok: false,
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooLarge('Archive refusée : elle demande trop de mémoire pour être lue. Rien n’a été importé.')
            : error,
      };
    });
    worker.on('messageerror', (error) => {
      outcome ??= { ok: false, error };
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (outcome?.ok) resolve(outcome.value);
      else reject(outcome?.error ?? new Error(`the guide package reader exited with code ${code} and no answer`));
    });
  });
}
