// What deploy/ says, run: the database and roles of deploy/postgres/roles.sql, Debian's
// nginx with deploy/nginx/estran.conf (its ports and paths replaced, nothing else) and a
// certificate made here, and TWO Estran nodes (`node server/src/main.ts`) on one
// PostgreSQL database. Shown over HTTPS through nginx: a login on one node is a session
// on the other; throttling and strikes are shared by the nodes; the client's real address
// reaches the throttle (and a forged X-Forwarded-For does not); stopping a node mid-traffic
// loses no request (nginx retries idempotent ones on the other node).
//
// Needs DATABASE_URL (a PostgreSQL server where a superuser creates databases and roles),
// nginx and openssl. Without DATABASE_URL it skips, saying why; without nginx or openssl
// it skips too, except under CI=true, where it fails (.ci/run installs nginx-light).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { createDeployDatabase, type DeployDatabase } from '../server/test/deploy-database.ts';
import { SoftwareAuthenticator } from '../server/test/software-authenticator.ts';

const root = path.resolve(import.meta.dirname, '..');
const COOKIE = '__Host-estran-session';
const ADMIN_EMAIL = 'dsi@estran.test';

/** An executable on PATH or in the sbin folders (nginx lives in /usr/sbin). */
function which(command: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

const databaseUrl = process.env.DATABASE_URL;
const nginxBin = which('nginx');
const opensslBin = which('openssl');
const missingTools = [!nginxBin && 'nginx (apt-get install -y nginx-light)', !opensslBin && 'openssl'].filter(Boolean);
const inCi = process.env.CI === 'true';
const skip = !databaseUrl
  ? 'needs DATABASE_URL=postgres://… (two nodes share one PostgreSQL database; the embedded one is one process)'
  : missingTools.length && !inCi
    ? `needs ${missingTools.join(' and ')}`
    : false;
if (skip) console.log(`# deploy/two-nodes.test.ts skipped: ${skip}`);

async function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `n` free ports in this test's range (3300–3399), from a random start. */
async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  const start = Math.floor(Math.random() * 100);
  for (let i = 0; i < 100 && ports.length < n; i += 1) {
    const port = 3300 + ((start + i) % 100);
    if (await canListen(port)) ports.push(port);
  }
  assert.equal(ports.length, n, 'free ports in 3300–3399');
  return ports;
}

type Res = { status: number; headers: http.IncomingHttpHeaders; body: string };
const json = (res: Res) => JSON.parse(res.body) as Record<string, unknown>;
type Send = { method?: string; path: string; headers?: Record<string, string>; body?: unknown };

function collect(req: http.ClientRequest, body: unknown): Promise<Res> {
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function headersFor(input: Send): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'deploy-test', ...input.headers };
  if (input.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(JSON.stringify(input.body)));
  }
  return headers;
}

/** A managed child process in its own process group, its output kept. */
class Child {
  readonly process: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;
  constructor(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }) {
    this.process = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.process.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }
  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }
  signal(name: NodeJS.Signals) {
    if (this.running && this.process.pid) process.kill(-this.process.pid, name);
  }
}

describe('two Estran nodes behind nginx with TLS, on one PostgreSQL database (deploy/)', { skip }, () => {
  let dir: string;
  let database: DeployDatabase;
  let nginx: Child;
  const nodes: Child[] = [];
  let ports: { https: number; http: number; a: number; b: number };
  let origin: string;
  let ca: Buffer;
  const agents = new Map<string, https.Agent>();
  let enrolmentToken: string;
  let key: SoftwareAuthenticator;

  /** Through nginx over HTTPS, from a given local address (127.0.0.1 or 127.0.0.2). */
  const viaNginx = (input: Send & { from?: string }) => {
    const from = input.from ?? '127.0.0.1';
    let agent = agents.get(from);
    if (!agent) agents.set(from, (agent = new https.Agent({ keepAlive: true, ca, localAddress: from })));
    const req = https.request({
      host: '127.0.0.1',
      port: ports.https,
      servername: 'localhost',
      method: input.method ?? (input.body === undefined ? 'GET' : 'POST'),
      path: input.path,
      agent,
      headers: { host: `localhost:${ports.https}`, ...headersFor(input) },
    });
    return collect(req, input.body);
  };
  /** Straight to one node (the test plays the proxy: 127.0.0.1 is trusted). */
  const direct = (port: number, input: Send) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: input.method ?? (input.body === undefined ? 'GET' : 'POST'),
      path: input.path,
      agent: false,
      headers: headersFor(input),
    });
    return collect(req, input.body);
  };
  const post = (body: unknown, headers: Record<string, string> = {}) => ({ body, headers: { origin, ...headers } });
  const sessionCookie = (res: Res) => {
    const line = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${COOKIE}=`));
    return line ? line.slice(COOKIE.length + 1).split(';')[0]! : null;
  };
  const xff = (address: string) => ({ 'x-forwarded-for': address });

  function startNode(port: number): Child {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ESTRAN_ORIGIN: origin,
      DATABASE_URL: database.webUrl,
      DATABASE_MIGRATION_URL: database.ownerUrl,
      ESTRAN_APP_ROLE: database.roles.app,
      ESTRAN_TRUSTED_PROXIES: '127.0.0.1',
      ESTRAN_SECRET_KEY_FILE: path.join(dir, 'secret.key'),
      ESTRAN_DATA_DIR: path.join(dir, `node-${port}`),
      ESTRAN_WEB_DIST: path.join(dir, 'no-web-client'),
      ESTRAN_ADMIN_EMAIL: ADMIN_EMAIL,
      ESTRAN_TENANT_NAME: 'Département de test',
    };
    const node = new Child(process.execPath, ['server/src/main.ts'], { env, cwd: root });
    nodes.push(node);
    return node;
  }

  async function ready(node: Child, port: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (!node.running) assert.fail(`the node on ${port} exited (${node.process.exitCode}):\n${node.output}`);
      const res = await direct(port, { path: '/readyz' }).catch(() => null);
      if (res?.status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`the node on ${port} is not ready after 30 s:\n${node.output}`);
  }

  before(async () => {
    assert.ok(!missingTools.length, `CI=true and ${missingTools.join(', ')} missing: .ci/run installs nginx-light (apt-get install -y nginx-light)`);
    dir = mkdtempSync(path.join(os.tmpdir(), 'estran-deploy-'));
    const [httpsPort, httpPort, a, b] = await freePorts(4);
    ports = { https: httpsPort!, http: httpPort!, a: a!, b: b! };
    origin = `https://localhost:${ports.https}`;
    database = await createDeployDatabase(databaseUrl!);

    // The certificate: self-signed for localhost, as an operator's would be from a CA.
    const cert = path.join(dir, 'fullchain.pem');
    const privkey = path.join(dir, 'privkey.pem');
    const made = spawnSync(opensslBin!, [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', privkey, '-out', cert,
    ], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    ca = readFileSync(cert);

    // The site exactly as deploy/ ships it, with this run's ports and paths.
    let site = readFileSync(path.join(root, 'deploy/nginx/estran.conf'), 'utf8');
    const replace = (from: RegExp, to: string) => {
      assert.match(site, from, `deploy/nginx/estran.conf still has ${from}`);
      site = site.replace(from, to);
    };
    replace(/server 127\.0\.0\.1:3001 /, `server 127.0.0.1:${ports.a} `);
    replace(/server 127\.0\.0\.1:3002 /, `server 127.0.0.1:${ports.b} `);
    replace(/listen 80;/, `listen 127.0.0.1:${ports.http};`);
    replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`);
    replace(/\n\s*listen \[::\]:80;/, '');
    replace(/\n\s*listen \[::\]:443 ssl http2;/, '');
    replace(/ssl_certificate \s*\/etc\/ssl\/estran\/fullchain\.pem;/, `ssl_certificate ${cert};`);
    replace(/ssl_certificate_key \/etc\/ssl\/estran\/privkey\.pem;/, `ssl_certificate_key ${privkey};`);
    site = site.replaceAll('server_name estran.example.fr;', 'server_name localhost;');
    writeFileSync(path.join(dir, 'estran.conf'), site);
    // The rest is what Debian's /etc/nginx/nginx.conf provides, test-local; the access log
    // names the node that answered each request.
    for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, 'nginx', sub), { recursive: true });
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        ...(process.getuid?.() === 0 ? ['user root;'] : []),
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 512; }',
        'http {',
        `  log_format upstreams '$remote_addr $status $request_uri upstream=$upstream_addr statuses=$upstream_status';`,
        `  access_log ${dir}/access.log upstreams;`,
        ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t === 'body' ? 'client_body' : t}_temp_path ${dir}/nginx/${t};`),
        `  include ${dir}/estran.conf;`,
        '}',
        '',
      ].join('\n'),
    );
    const nginxArgs = ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', path.join(dir, 'nginx.conf')];
    const checked = spawnSync(nginxBin!, [...nginxArgs, '-t'], { encoding: 'utf8' });
    assert.equal(checked.status, 0, `nginx -t:\n${checked.stderr}`);
    nginx = new Child(nginxBin!, [...nginxArgs, '-g', 'daemon off;'], { env: process.env });

    // The server secret key, one file for both nodes (estran secret rotate makes it).
    writeFileSync(path.join(dir, 'secret.key'), `k1 ${randomBytes(32).toString('base64')} active\n`, { mode: 0o600 });
    // Node A first: it migrates (as the owner) and creates the first tenant and its link.
    // Each start prints a fresh link while the administrator is not enrolled, voiding the
    // earlier ones: the link to use is node B's, the last one printed.
    await ready(startNode(ports.a), ports.a);
    const b1 = startNode(ports.b);
    await ready(b1, ports.b);
    const link = /\/enrol#(\S+)/.exec(b1.output);
    assert.ok(link, `node B prints the first administrator's enrolment link:\n${b1.output}`);
    enrolmentToken = link[1]!;
    for (let i = 0; i < 50 && !(await canListen(ports.https)) === false; i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.ok(nginx.running, `nginx runs:\n${nginx.output}${existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
  });

  after(async () => {
    for (const agent of agents.values()) agent.destroy();
    for (const node of nodes) node.signal('SIGTERM');
    nginx?.signal('SIGQUIT');
    await Promise.all([...nodes.map((n) => n.exited), nginx?.exited]);
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves TLS 1.3 with HTTP/2 offered, TLS 1.2 too, HSTS once, and redirects plain HTTP', async () => {
    const negotiated = await new Promise<{ alpn: string | false; version: string | null }>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: ports.https, servername: 'localhost', ca, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
        resolve({ alpn: socket.alpnProtocol ?? false, version: socket.getProtocol() });
        socket.end();
      });
      socket.on('error', reject);
    });
    assert.deepEqual(negotiated, { alpn: 'h2', version: 'TLSv1.3' });
    const tls12 = await new Promise<string | null>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: ports.https, servername: 'localhost', ca, maxVersion: 'TLSv1.2' }, () => {
        resolve(socket.getProtocol());
        socket.end();
      });
      socket.on('error', reject);
    });
    assert.equal(tls12, 'TLSv1.2');

    const res = await viaNginx({ path: '/readyz' });
    assert.equal(res.status, 200, res.body);
    const hsts = [res.headers['strict-transport-security'] ?? []].flat();
    assert.equal(hsts.length, 1, 'one Strict-Transport-Security header');
    assert.match(hsts[0]!, /max-age=\d{8}/);
    assert.equal(res.headers['server'], 'nginx', 'no version in the Server header');

    const plain = await collect(http.request({ host: '127.0.0.1', port: ports.http, path: '/api/auth/session', headers: { host: 'localhost' } }), undefined);
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, 'https://localhost/api/auth/session');
  });

  it('refuses at nginx a body over the guide package limit (16 MiB), before any node reads it', async () => {
    const req = https.request({
      host: '127.0.0.1', port: ports.https, servername: 'localhost', ca, method: 'POST', path: '/api/admin/guide/packages?mode=check',
      headers: { host: `localhost:${ports.https}`, 'content-type': 'application/zip', 'content-length': String(16 * 1024 * 1024 + 1) },
    });
    req.on('error', () => {}); // nginx answers and closes without reading the body
    const res = await new Promise<number>((resolve) => {
      req.on('response', (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.flushHeaders();
    });
    req.destroy();
    assert.equal(res, 413);
  });

  it('logs in through nginx, and the session is one on each node', async () => {
    key = new SoftwareAuthenticator({ origin });
    const options = await viaNginx({ path: '/api/auth/webauthn/register/options', ...post({ enrolmentToken }) });
    assert.equal(options.status, 200, options.body);
    const registered = await viaNginx({
      path: '/api/auth/webauthn/register/verify',
      ...post({ enrolmentToken, response: key.register(json(options) as never) }),
    });
    assert.equal(registered.status, 201, registered.body);

    const loginOptions = await viaNginx({ path: '/api/auth/webauthn/login/options', ...post({}) });
    assert.equal(loginOptions.status, 200, loginOptions.body);
    const login = await viaNginx({ path: '/api/auth/webauthn/login/verify', ...post(key.assert(json(loginOptions) as never)) });
    assert.equal(login.status, 200, login.body);
    const cookie = sessionCookie(login);
    assert.ok(cookie, 'a session cookie');
    assert.match(String(login.headers['set-cookie']), /Secure/);

    // Each node, asked directly, knows the session (the cookie is sent by hand: a
    // __Host- cookie only travels over https from a browser).
    const seen = [];
    for (const port of [ports.a, ports.b]) {
      const me = await direct(port, { path: '/api/auth/session', headers: { cookie: `${COOKIE}=${cookie}` } });
      assert.equal(me.status, 200, `node ${port}: ${me.body}`);
      seen.push(json(me));
    }
    assert.deepEqual(seen[0], seen[1]);
    assert.equal((seen[0]!.agent as { displayName: string }).displayName.length > 0, true);

    // Logged out on node B (with the session's CSRF token): gone on node A.
    const out = await direct(ports.b, {
      path: '/api/auth/logout',
      body: {},
      headers: { cookie: `${COOKIE}=${cookie}`, origin, 'x-csrf-token': String(seen[0]!.csrfToken) },
    });
    assert.equal(out.status, 204, out.body);
    const gone = await direct(ports.a, { path: '/api/auth/session', headers: { cookie: `${COOKIE}=${cookie}` } });
    assert.equal(gone.status, 401, gone.body);
  });

  it('shares throttling: failures counted on node A and node B slow the address down on both', async () => {
    const address = '198.51.100.7';
    // Four assertions of unknown keys, each challenge asked of one node and answered to
    // the other: three are free, the fourth blocks the address (limits.throttleFreeFailures).
    for (let i = 0; i < 4; i += 1) {
      const [ask, answer] = i % 2 ? [ports.b, ports.a] : [ports.a, ports.b];
      const options = await direct(ask, { path: '/api/auth/webauthn/login/options', ...post({}, xff(address)) });
      assert.equal(options.status, 200, options.body);
      const stranger = new SoftwareAuthenticator({ origin });
      const res = await direct(answer, { path: '/api/auth/webauthn/login/verify', ...post(stranger.assert(json(options) as never), xff(address)) });
      assert.equal(res.status, 401, res.body);
    }
    for (const port of [ports.a, ports.b]) {
      const blocked = await direct(port, { path: '/api/auth/webauthn/login/options', ...post({}, xff(address)) });
      assert.equal(blocked.status, 429, `node ${port}: ${blocked.body}`);
      assert.ok(Number(blocked.headers['retry-after']) >= 1);
    }
    // Another address is not slowed down.
    const other = await direct(ports.a, { path: '/api/auth/webauthn/login/options', ...post({}, xff('198.51.100.8')) });
    assert.equal(other.status, 200, other.body);
  });

  it('throttles the client’s real address behind nginx, and ignores an X-Forwarded-For the client sends', async () => {
    // 127.0.0.2 fails four times through nginx (both nodes answer in turn).
    for (let i = 0; i < 4; i += 1) {
      const options = await viaNginx({ from: '127.0.0.2', path: '/api/auth/webauthn/login/options', ...post({}) });
      assert.equal(options.status, 200, options.body);
      const stranger = new SoftwareAuthenticator({ origin });
      const res = await viaNginx({ from: '127.0.0.2', path: '/api/auth/webauthn/login/verify', ...post(stranger.assert(json(options) as never)) });
      assert.equal(res.status, 401, res.body);
    }
    const blocked = await viaNginx({ from: '127.0.0.2', path: '/api/auth/webauthn/login/options', ...post({}) });
    assert.equal(blocked.status, 429, blocked.body);
    // Claiming to be someone else changes nothing: nginx sets X-Forwarded-For itself.
    const forged = await viaNginx({ from: '127.0.0.2', path: '/api/auth/webauthn/login/options', ...post({}, xff('203.0.113.9')) });
    assert.equal(forged.status, 429, forged.body);
    // 127.0.0.1, behind the same proxy, is not slowed down.
    for (let i = 0; i < 2; i += 1) {
      const fine = await viaNginx({ from: '127.0.0.1', path: '/api/auth/webauthn/login/options', ...post({}) });
      assert.equal(fine.status, 200, `the other client was throttled with the first: ${fine.body}`);
    }
  });

  it('shares strikes: three failures of the agent’s key on two nodes suspend it on both', async () => {
    const login = async (port: number, address: string, tweak: { userVerified?: boolean } = {}) => {
      const options = await direct(port, { path: '/api/auth/webauthn/login/options', ...post({}, xff(address)) });
      assert.equal(options.status, 200, options.body);
      return direct(port, { path: '/api/auth/webauthn/login/verify', ...post(key.assert(json(options) as never, tweak), xff(address)) });
    };
    // The key signs, but without user verification (no PIN): a strike each time.
    const first = await login(ports.a, '198.51.100.21', { userVerified: false });
    assert.equal(first.status, 401, first.body);
    const second = await login(ports.b, '198.51.100.22', { userVerified: false });
    assert.equal(second.status, 401, second.body);
    const third = await login(ports.a, '198.51.100.23', { userVerified: false });
    assert.equal(third.status, 423, third.body);
    // The agent's own, valid login on the other node: suspended there too.
    const after = await login(ports.b, '198.51.100.24');
    assert.equal(after.status, 423, after.body);
    assert.equal(json(after).error, 'suspended');
  });

  it('loses no request when a node stops mid-traffic (nginx retries idempotent ones on the other)', async () => {
    const statuses = new Map<number, number>();
    let failures = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          const res = await viaNginx({ path: '/readyz' });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        } catch {
          failures += 1;
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((r) => setTimeout(r, 700));
    const nodeB = nodes.find((n) => n.process.spawnargs && n.running && n === nodes[1])!;
    const servedBefore = readFileSync(path.join(dir, 'access.log'), 'utf8');
    assert.match(servedBefore, new RegExp(`/readyz upstream=127\\.0\\.0\\.1:${ports.b} `), 'node B served traffic before its stop');
    nodeB.signal('SIGTERM');
    const code = await nodeB.exited;
    await new Promise((r) => setTimeout(r, 700));
    running = false;
    await Promise.all(workers);
    assert.equal(code, 0, `node B exits cleanly on SIGTERM:\n${nodeB.output}`);
    assert.equal(failures, 0, 'no request failed');
    assert.deepEqual([...statuses.keys()], [200], `every answer was 200: ${JSON.stringify([...statuses])}`);
    assert.ok(statuses.get(200)! > 50, `enough traffic to mean something (${statuses.get(200)})`);
    const served = readFileSync(path.join(dir, 'access.log'), 'utf8').slice(servedBefore.length);
    assert.match(served, new RegExp(`upstream=127\\.0\\.0\\.1:${ports.a}`), 'node A took the traffic');

    // The rolling restart's second half: node B back, nginx uses it again.
    const again = startNode(ports.b);
    await ready(again, ports.b);
    const res = await direct(ports.b, { path: '/readyz' });
    assert.equal(res.status, 200);
  });
});
