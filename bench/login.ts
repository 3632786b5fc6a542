// Full security-key logins per second over HTTP: options → signature by a software
// authenticator → verify → session, against the real server started as a child process
// (so the client and the server each have a core), on PGlite and on PostgreSQL. Printed
// beside the bare ECDSA-P256 verifications per second of this machine, in the same run.
//
// Throttling is configured for the load and said so: the per-address ceiling is raised
// (ESTRAN_AUTH_RATE_PER_MINUTE) because every request comes from 127.0.0.1; every check
// of the login still runs (challenge, directory, signature, counter, strikes, audit).
//
//   npm run bench -- login [--seconds 10] [--concurrency 32] [--keys 200] [--only pglite|postgres]
import { spawn, type ChildProcess } from 'node:child_process';
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../server/src/db/client.ts';
import { agents, tenants } from '../server/src/db/schema.ts';
import { createEnrolment } from '../server/src/features/auth/index.ts';
import { rotateSecretKeys } from '../server/src/platform/secrets.ts';
import { SoftwareAuthenticator } from '../server/test/software-authenticator.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '32' },
    keys: { type: 'string', default: '200' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const keyCount = Number(values.keys);
const root = path.resolve(import.meta.dirname, '..');
const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function request(port: number, url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: url, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: data ? (JSON.parse(data) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Agents with invitations, written before the server starts (PGlite is one process). */
async function prepare(database: Database, n: number): Promise<string[]> {
  const [tenant] = await database.operator((tx) =>
    tx.insert(tenants).values({ slug: `bench-${Date.now()}`, name: 'Banc d’essai', kind: 'departement' }).returning(),
  );
  return database.tenant(tenant!.id, async (tx) => {
    const rows = await tx
      .insert(agents)
      .values(Array.from({ length: n }, (_, i) => ({ tenantId: tenant!.id, firstName: 'Agent', lastName: `N${i}`, email: `agent${i}@bench.fr`, component: 'insertion' as const })))
      .returning({ id: agents.id });
    const tokens: string[] = [];
    for (const r of rows) {
      tokens.push((await createEnrolment(tx, { tenantId: tenant!.id, agentId: r.id, purpose: 'security-key', actor: { type: 'cli' } })).token);
    }
    return tokens;
  });
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn', ESTRAN_AUTH_RATE_PER_MINUTE: '1000000', ESTRAN_ORIGIN: `http://localhost:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return { child, port };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

async function run(label: string, env: Record<string, string>, tokens: string[]) {
  const { child, port } = await startServer(env);
  try {
    const origin = `http://localhost:${port}`;
    const keys: SoftwareAuthenticator[] = [];
    for (const token of tokens) {
      const key = new SoftwareAuthenticator({ origin });
      const options = await request(port, '/api/auth/webauthn/register/options', { enrolmentToken: token });
      const done = await request(port, '/api/auth/webauthn/register/verify', { enrolmentToken: token, response: key.register(options.json as never) });
      if (done.status !== 201) throw new Error(`registration failed: ${JSON.stringify(done.json)}`);
      keys.push(key);
    }
    const latencies: number[] = [];
    let failures = 0;
    const login = async (key: SoftwareAuthenticator) => {
      const t0 = performance.now();
      const options = await request(port, '/api/auth/webauthn/login/options', {});
      const verified = await request(port, '/api/auth/webauthn/login/verify', key.assert(options.json as never));
      if (verified.status !== 200) failures += 1;
      latencies.push(performance.now() - t0);
    };
    // Warm-up, then the measured window. Each worker owns its keys: a key's signature
    // counter only moves forward, as a real key's does.
    const perWorker = Math.max(1, Math.floor(keys.length / concurrency));
    const workerKeys = (w: number) => keys.slice(w * perWorker, (w + 1) * perWorker).concat(keys.length < concurrency ? [keys[w % keys.length]!] : []);
    const loop = async (w: number, until: number) => {
      const mine = workerKeys(w);
      for (let i = 0; performance.now() < until; i++) await login(mine[i % mine.length]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, (_, w) => loop(w, performance.now() + 1500)));
    latencies.length = 0;
    failures = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, (_, w) => loop(w, start + seconds * 1000)));
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      label,
      loginsPerSecond: latencies.length / elapsed,
      p50: latencies[Math.floor(latencies.length * 0.5)] ?? NaN,
      p95: latencies[Math.floor(latencies.length * 0.95)] ?? NaN,
      failures,
    };
  } finally {
    await stop(child);
  }
}

function ecdsaVerifiesPerSecond(): number {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const data = Buffer.alloc(100, 7);
  const signature = createSign('sha256').update(data).sign(privateKey);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    for (let i = 0; i < 100; i++) createVerify('sha256').update(data).verify(publicKey, signature);
    n += 100;
  }
  return n / ((performance.now() - start) / 1000);
}

const results: Awaited<ReturnType<typeof run>>[] = [];
const ecdsa = ecdsaVerifiesPerSecond();

if (values.only !== 'postgres') {
  const dir = mkdtempSync(path.join(tmpdir(), 'estran-bench-login-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pg') });
  const tokens = await prepare(database, keyCount);
  await database.close();
  results.push(await run('PGlite (embedded)', { ESTRAN_DATA_DIR: dir, DATABASE_URL: '' }, tokens));
  rmSync(dir, { recursive: true, force: true });
}
if (values.only !== 'pglite') {
  const name = `estran_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ kind: 'postgres', url: url.toString() });
    const tokens = await prepare(database, keyCount);
    await database.close();
    // With a PostgreSQL server the key file is required (production issue): a throwaway one.
    const keyDir = mkdtempSync(path.join(tmpdir(), 'estran-bench-key-'));
    const secretKeyFile = path.join(keyDir, 'secret.key');
    rotateSecretKeys({ secretKeyFile, dataDir: keyDir });
    try {
      results.push(
        await run('PostgreSQL server', { DATABASE_URL: url.toString(), ESTRAN_DB_POOL_SIZE: process.env.BENCH_POOL ?? '20', ESTRAN_SECRET_KEY_FILE: secretKeyFile }, tokens),
      );
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
agent.destroy();

console.log(`Security-key logins over HTTP (${concurrency} concurrent clients, ${keyCount} keys, ${seconds} s; per-address throttling raised for the load, every other check on)`);
console.table(
  Object.fromEntries([
    ...results.map((r) => [r.label, { 'logins/s': Math.round(r.loginsPerSecond), 'p50 ms': Number(r.p50.toFixed(1)), 'p95 ms': Number(r.p95.toFixed(1)), failures: r.failures }]),
    ['baseline: bare ECDSA-P256 verify (one core)', { 'logins/s': Math.round(ecdsa) }],
  ]),
);
const byLabel = (l: string) => results.find((r) => r.label.startsWith(l));
const figures: Record<string, number> = { ecdsa_p256_verifies_per_s: Math.round(ecdsa), concurrency, keys: keyCount, seconds };
const pgl = byLabel('PGlite');
const pgs = byLabel('PostgreSQL');
if (pgl) Object.assign(figures, { logins_per_s_pglite: Math.round(pgl.loginsPerSecond), login_p95_ms_pglite: Number(pgl.p95.toFixed(1)), failures_pglite: pgl.failures, pglite_logins_per_ecdsa_verify: Number((pgl.loginsPerSecond / ecdsa).toFixed(4)) });
if (pgs) Object.assign(figures, { logins_per_s_postgres: Math.round(pgs.loginsPerSecond), login_p95_ms_postgres: Number(pgs.p95.toFixed(1)), failures_postgres: pgs.failures, postgres_logins_per_ecdsa_verify: Number((pgs.loginsPerSecond / ecdsa).toFixed(4)) });
console.log(JSON.stringify(figures));
