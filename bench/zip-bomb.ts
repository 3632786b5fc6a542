// Guide zip uploads and the event loop (issue 15, finding 6): the server (buildApp on
// PGlite, listening on 127.0.0.1) receives, as an operator administrator's upload in
// check mode, (a) the corpus's base edition, (b) the outside review's zip bomb — 12
// entries declared 100 B each, inflating to 85 MiB of zeros each — and (c) an honest
// 60 MiB article, while a worker thread pings /healthz every 10 ms over HTTP. For each,
// the server's event loop's longest stall (perf_hooks.monitorEventLoopDelay, on the
// server's thread) and the healthz p99 during the upload, beside the same figures for
// the idle server measured in the same run, as ratios; and the peak RSS growth. One more
// row: (c) read the way it was before (fflate's unzipSync on the event loop), to show
// what moved off it. On PGlite the database runs on the server's thread too: the base
// edition's check (thousands of queries) stalls the loop there, not its unzipping;
// with DATABASE_URL the same run is on PostgreSQL.
//   [DATABASE_URL=postgres://…] npm run bench -- zip-bomb [--port 3100] [--idle-seconds 3] [--bomb-entries 12] [--bomb-entry-mib 85]
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { unzipSync } from 'fflate';
import { createTestApp, makeAgent, makeSession, TEST_ORIGIN, zipFolder } from '../server/test/index.ts';
import { zipBomb, zipWithDeclaredSizes } from '../server/test/zip-bomb.ts';
import { ensureFirstTenant } from '../server/src/features/auth/index.ts';

type Sample = { at: number; ms: number; rss: number };
const now = () => performance.timeOrigin + performance.now(); // comparable across threads

if (!isMainThread) {
  // The pinger: its own event loop, so a stalled server does not stall the measurement.
  const { port } = workerData as { port: number };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: Sample[] = [];
  let running = true;
  parentPort!.on('message', (m: string) => {
    if (m === 'stop') running = false;
    if (m === 'samples') parentPort!.postMessage(samples.splice(0));
  });
  const ping = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = now();
      http
        .get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
          res.resume();
          res.on('end', () => {
            samples.push({ at: t0, ms: now() - t0, rss: process.memoryUsage.rss() });
            resolve();
          });
        })
        .on('error', reject);
    });
  while (running) {
    await ping();
    await new Promise((r) => setTimeout(r, 10));
  }
  agent.destroy();
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3100' },
    'idle-seconds': { type: 'string', default: '3' },
    'bomb-entries': { type: 'string', default: '12' },
    'bomb-entry-mib': { type: 'string', default: '85' },
  },
});
const port = Number(values.port);
const MiB = 1024 * 1024;
const root = path.resolve(import.meta.dirname, '..');
const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(root, '../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);

// The archives.
const edition = zipFolder(path.join(fixtures, 'guide/edition-2014-01-01'));
const bombEntries = Number(values['bomb-entries']);
const zeros = new Uint8Array(Number(values['bomb-entry-mib']) * MiB);
const bomb = zipWithDeclaredSizes([
  { name: 'manifest.json', data: JSON.stringify({ kind: 'edition', published: '2016-01-01', files: bombEntries, articles: bombEntries }) },
  ...Array.from({ length: bombEntries }, (_, i) => ({ name: `texts/code/article-${i + 1}.md`, data: zeros, declaredSize: 100 })),
]);
const article60 = zipBomb({ inflatedBytes: 60 * MiB, declaredSize: 60 * MiB });

// The server, and an operator administrator's session: on PGlite in memory, or in a
// fresh database on the PostgreSQL server of DATABASE_URL.
const databaseKind = process.env.DATABASE_URL ? `PostgreSQL ${new URL(process.env.DATABASE_URL).host}` : 'PGlite';
const { app, database, close } = await createTestApp();
const { tenantId } = await ensureFirstTenant(database, { tenantName: 'Banc', adminEmail: 'admin@banc.fr' });
const admin = await makeAgent(database, tenantId, { roles: ['agent', 'admin'] });
const session = await makeSession(database, tenantId, admin.id);
await app.listen({ port, host: '127.0.0.1' });

function upload(zip: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/admin/guide/packages?scope=shared&mode=check',
        method: 'POST',
        headers: { 'content-type': 'application/zip', 'content-length': zip.length, origin: TEST_ORIGIN, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(zip);
  });
}

const pinger = new Worker(new URL(import.meta.url), { workerData: { port } });
const samplesOf = () =>
  new Promise<Sample[]>((resolve) => {
    pinger.once('message', resolve);
    pinger.postMessage('samples');
  });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? NaN;

type Row = { label: string; status: number | string; ms: number; stallMs: number; p99Ms: number; pings: number; rssMiB: number };
/** Runs `work` while the pinger pings; what the loop and /healthz went through meanwhile. */
async function window(label: string, work: () => Promise<number | string>): Promise<Row> {
  await new Promise((r) => setTimeout(r, 300)); // let the previous window's garbage settle
  await samplesOf(); // drop what came before
  const rss0 = process.memoryUsage.rss();
  loop.reset();
  await new Promise((r) => setTimeout(r, 5)); // the histogram records from its next tick on
  const t0 = now();
  const status = await work();
  const ms = now() - t0;
  await new Promise((r) => setTimeout(r, 2)); // a stall ending with work() is recorded on the next turn
  const stallMs = loop.max / 1e6;
  await new Promise((r) => setTimeout(r, 30)); // the ping in flight at the end
  const samples = (await samplesOf()).filter((s) => s.at >= t0 - 10 && s.at <= t0 + ms);
  const rssPeak = Math.max(process.memoryUsage.rss(), ...samples.map((s) => s.rss));
  return { label, status, ms, stallMs, p99Ms: p99(samples.map((s) => s.ms)), pings: samples.length, rssMiB: (rssPeak - rss0) / MiB };
}

const idleSeconds = Number(values['idle-seconds']);
await new Promise((r) => setTimeout(r, 500)); // the pinger's first connection
const idle = await window('idle server (baseline)', async () => {
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  return '—';
});
const expectStatus = (expected: number) => async (zip: Buffer) => {
  const res = await upload(zip);
  if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}: ${res.body.slice(0, 300)}`);
  return res.status;
};
const rows = [
  idle,
  await window(`(a) base edition, ${(edition.length / MiB).toFixed(1)} MiB zip, check`, () => expectStatus(200)(edition)),
  await window(`(b) bomb: ${bombEntries} × 100 B declared, ${bombEntries * Number(values['bomb-entry-mib'])} MiB real, ${(bomb.length / MiB).toFixed(1)} MiB zip`, () => expectStatus(413)(bomb)),
  await window(`(c) honest 60 MiB article, ${(article60.length / 1024).toFixed(0)} KiB zip`, () => expectStatus(413)(article60)),
  await window('(c) unzipped as before (fflate unzipSync on the event loop), unzip only', async () => {
    const files = unzipSync(article60);
    return `${Math.round(Object.values(files).reduce((n, f) => n + f.length, 0) / MiB)} MiB`;
  }),
];

pinger.postMessage('stop');
await close();

const pad = (s: string, n: number) => s.padEnd(n);
const num = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—').padStart(8);
console.log(`\nGuide zip uploads vs. the event loop (${databaseKind}, /healthz pinged every 10 ms from another thread; idle window ${idleSeconds} s)\n`);
console.log(`${pad('case', 72)} ${pad('answer', 9)} ${'took ms'.padStart(8)} ${'stall ms'.padStart(8)} ${'× idle'.padStart(8)} ${'p99 ms'.padStart(8)} ${'× idle'.padStart(8)} ${'pings'.padStart(6)} ${'RSS +MiB'.padStart(9)}`);
for (const r of rows) {
  console.log(
    `${pad(r.label, 72)} ${pad(String(r.status), 9)} ${num(r.ms, 0)} ${num(r.stallMs)} ${num(r.stallMs / idle.stallMs)} ${num(r.p99Ms)} ${num(r.p99Ms / idle.p99Ms)} ${String(r.pings).padStart(6)} ${num(r.rssMiB, 0).padStart(9)}`,
  );
}
console.log('\nstall: the longest event-loop delay on the server’s thread during the upload; p99: /healthz latency percentile 99 during it.');

const key = ['idle', 'edition', 'bomb', 'article60', 'article60_unzipsync_before'];
const figures: Record<string, number | string> = { database: databaseKind };
rows.forEach((r, i) => {
  const k = key[i]!;
  if (i > 0 && typeof r.status === 'number') figures[`${k}_status`] = r.status;
  if (i > 0) figures[`${k}_ms`] = Math.round(r.ms);
  figures[`${k}_loop_stall_ms`] = Number(r.stallMs.toFixed(1));
  figures[`${k}_healthz_p99_ms`] = Number(r.p99Ms.toFixed(1));
  if (i > 0) {
    figures[`${k}_stall_ratio_vs_idle`] = Number((r.stallMs / idle.stallMs).toFixed(2));
    figures[`${k}_p99_ratio_vs_idle`] = Number((r.p99Ms / idle.p99Ms).toFixed(2));
    figures[`${k}_rss_growth_mib`] = Math.round(r.rssMiB);
  }
});
console.log(JSON.stringify(figures));
process.exit(0);
