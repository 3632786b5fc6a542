// Start-up of `estran` on the embedded database: time from spawn to /readyz answering
// 200, on a fresh data folder (cold: initdb + migrations + first tenant) and on an
// existing one (warm), and resident memory after 5 s idle. Baselines measured in the
// same run on the same machine: a bare Fastify "hello" process, and a bare PGlite
// opening a fresh folder.
//   npm run bench -- startup [--runs N]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const root = path.resolve(import.meta.dirname, '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function waitFor(url: string, child: ChildProcess, t0: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return performance.now() - t0;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

async function timeProcess(args: string[], env: NodeJS.ProcessEnv, url: (port: number) => string, idle = false) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  const ms = await waitFor(url(port), child, t0);
  let rss = NaN;
  if (idle) {
    await new Promise((r) => setTimeout(r, 5000));
    rss = rssMiB(child.pid!);
  }
  await stop(child);
  return { ms, rss };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bareFastify = `import Fastify from 'fastify'; const app = Fastify(); app.get('/', async () => ({ ok: true })); await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`;
const barePglite = `import { PGlite } from '@electric-sql/pglite'; import { createServer } from 'node:http'; const db = new PGlite(process.env.DIR); await db.waitReady; await db.query('select 1'); createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');`;

const results = { cold: [] as number[], warm: [] as number[], rss: [] as number[], fastify: [] as number[], fastifyRss: [] as number[], pglite: [] as number[], pgliteRss: [] as number[] };
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'estran-bench-'));
  const env = { ESTRAN_DATA_DIR: dir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
  results.cold.push((await timeProcess(['server/src/main.ts'], env, (p) => `http://127.0.0.1:${p}/readyz`)).ms);
  const warm = await timeProcess(['server/src/main.ts'], env, (p) => `http://127.0.0.1:${p}/readyz`, i === 0);
  results.warm.push(warm.ms);
  if (i === 0) results.rss.push(warm.rss);
  rmSync(dir, { recursive: true, force: true });

  const f = await timeProcess(['--input-type=module', '-e', bareFastify], {}, (p) => `http://127.0.0.1:${p}/`, i === 0);
  results.fastify.push(f.ms);
  if (i === 0) results.fastifyRss.push(f.rss);
  const pdir = mkdtempSync(path.join(tmpdir(), 'estran-bench-pg-'));
  const b = await timeProcess(['--input-type=module', '-e', barePglite], { DIR: pdir }, (p) => `http://127.0.0.1:${p}/`, i === 0);
  results.pglite.push(b.ms);
  if (i === 0) results.pgliteRss.push(b.rss);
  rmSync(pdir, { recursive: true, force: true });
}

const figures = {
  cold_start_ms: Math.round(median(results.cold)),
  warm_start_ms: Math.round(median(results.warm)),
  idle_rss_mib: Math.round(results.rss[0]!),
  baseline_bare_fastify_start_ms: Math.round(median(results.fastify)),
  baseline_bare_fastify_rss_mib: Math.round(results.fastifyRss[0]!),
  baseline_bare_pglite_fresh_open_ms: Math.round(median(results.pglite)),
  baseline_bare_pglite_rss_mib: Math.round(results.pgliteRss[0]!),
  cold_start_vs_bare_pglite_ratio: Number((median(results.cold) / median(results.pglite)).toFixed(2)),
  idle_rss_vs_bare_pglite_ratio: Number((results.rss[0]! / results.pgliteRss[0]!).toFixed(2)),
  warm_start_vs_bare_fastify_ratio: Number((median(results.warm) / median(results.fastify)).toFixed(2)),
  runs,
};
console.log(`Start-up, embedded database, median of ${runs} runs (time from spawn to /readyz 200)`);
console.table({
  'estran, fresh data folder (cold)': { ms: figures.cold_start_ms },
  'estran, existing data folder (warm)': { ms: figures.warm_start_ms, 'idle RSS MiB': figures.idle_rss_mib },
  'baseline: bare Fastify hello': { ms: figures.baseline_bare_fastify_start_ms, 'idle RSS MiB': figures.baseline_bare_fastify_rss_mib },
  'baseline: bare PGlite, fresh folder': { ms: figures.baseline_bare_pglite_fresh_open_ms, 'idle RSS MiB': figures.baseline_bare_pglite_rss_mib },
});
console.log(JSON.stringify(figures));
