// The worker thread that unpacks an uploaded guide package (read-package-zip.ts starts
// it): it receives the zip's bytes (moved, not copied) in workerData, runs the steps of
// unpack-package-zip.ts, and posts back the kept files (moved too), the warnings, how
// many bytes it inflated and its thread id — or the HttpError that refused the archive.
// Anything else it throws reaches the main thread as the worker's 'error' event.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { HttpError } from '../../platform/http-errors.ts';
import { unpackPackageZip } from './unpack-package-zip.ts';

export type UnpackReply =
  | { ok: true; files: [string, Uint8Array][]; warnings: Awaited<ReturnType<typeof unpackPackageZip>>['warnings']; inflatedBytes: number; threadId: number }
  | { ok: false; error: { status: number; code: string; message: string }; inflatedBytes: number; threadId: number };

const { zip } = workerData as { zip: Uint8Array };
const counter = { inflatedBytes: 0 };
let reply: UnpackReply;
try {
  const { files, warnings } = await unpackPackageZip(zip, counter);
  reply = { ok: true, files: [...files], warnings, inflatedBytes: counter.inflatedBytes, threadId };
} catch (error) {
  if (!(error instanceof HttpError)) throw error;
  reply = { ok: false, error: { status: error.status, code: error.code, message: error.message }, inflatedBytes: counter.inflatedBytes, threadId };
}
// Every file owns its ArrayBuffer (inflateZipEntry allocates one per entry): move them.
parentPort!.postMessage(reply, reply.ok ? reply.files.map(([, bytes]) => bytes.buffer as ArrayBuffer) : []);
