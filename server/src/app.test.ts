// The application shell: health, the one error shape, request ids, security headers,
// the OpenAPI document against the routes actually registered, and logs free of secrets.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestDatabase, makeAgent, makeSession, makeTenant, SoftwareAuthenticator, TEST_ORIGIN, usingPostgres } from '../test/index.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { Database } from './db/client.ts';
import { createEnrolment } from './features/auth/index.ts';
import { createLogger } from './platform/logger.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Every route of the app with its methods, read from printRoutes' tree (each line adds
 * its segment to its parent's), `:param` written `{param}` as OpenAPI does.
 */
function registeredRoutes(app: FastifyInstance): Map<string, Set<string>> {
  const routes = new Map<string, Set<string>>();
  for (const { method, url } of app.routeList) {
    if (method === 'HEAD') continue;
    // OpenAPI writes :param as {param} and a wildcard as {*}.
    const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
    const methods = routes.get(path) ?? new Set<string>();
    methods.add(method.toLowerCase());
    routes.set(path, methods);
  }
  return routes;
}

// One database for the file: the shell's app and the logging app share it.
let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database.close());

describe('application shell', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  before(async () => {
    ({ app, close } = await createTestApp({ database }));
  });
  after(async () => close());

  it('GET /healthz answers 200 {status: ok}', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('GET /readyz answers 200 with the database kind and the migrations applied', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.database, usingPostgres ? 'postgres' : 'pglite');
    assert.equal(body.database, database.kind);
    assert.equal(body.migrations.applied, database.migrations.total);
    assert.equal(body.migrations.expected, body.migrations.applied);
    assert.ok(body.migrations.applied >= 2, 'both migrations');
  });

  it('answers an unknown /api route with 404 and the one error shape', async () => {
    for (const [method, url] of [['GET', '/api/nothing-here?x=1'], ['POST', '/api/admin/nothing'], ['DELETE', '/api/admin/tenants'], ['GET', '/api']] as const) {
      const res = await app.inject({ method, url });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'requestId']);
      assert.equal(body.error, 'not_found');
      assert.match(body.message, /Aucune route/);
      assert.ok(body.message.includes(`${method} ${url.split('?')[0]}`), body.message);
      assert.equal(body.requestId, res.headers['x-request-id']);
    }
  });

  it('answers 404 JSON outside /api too when no web client is built', async () => {
    const res = await app.inject({ method: 'GET', url: '/some/page' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error, 'not_found');
  });

  it('answers an invalid JSON body with 400 invalid_request', async () => {
    for (const payload of ['{"token": ', '{bad json}', 'null x', '[1,']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/webauthn/register/options',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.statusCode, 400, payload);
      const body = res.json();
      assert.equal(body.error, 'invalid_request');
      assert.equal(typeof body.message, 'string');
      assert.equal(body.requestId, res.headers['x-request-id']);
    }
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/webauthn/register/options',
      payload: JSON.stringify({ enrolmentToken: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error, 'payload_too_large');
  });

  it('gives every response an x-request-id, a fresh one per request', async () => {
    const responses = [
      await app.inject({ method: 'GET', url: '/healthz' }),
      await app.inject({ method: 'GET', url: '/readyz' }),
      await app.inject({ method: 'GET', url: '/api/auth/session' }),
      await app.inject({ method: 'GET', url: '/api/missing' }),
      await app.inject({ method: 'GET', url: '/api/openapi.json' }),
      await app.inject({ method: 'POST', url: '/api/auth/webauthn/register/options', payload: '{', headers: { 'content-type': 'application/json' } }),
    ];
    const ids = responses.map((r) => r.headers['x-request-id']);
    for (const id of ids) assert.match(String(id), /^[A-Za-z0-9._-]{8,128}$/);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('echoes a valid incoming x-request-id and replaces an invalid one', async () => {
    const given = `proxy-${randomBytes(8).toString('hex')}`;
    const echoed = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { 'x-request-id': given } });
    assert.equal(echoed.headers['x-request-id'], given);
    assert.equal(echoed.json().requestId, given, 'the error body carries the same id');
    assert.equal((await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } })).headers['x-request-id'], given);

    for (const bad of ['short', 'has spaces in it', 'x'.repeat(129), 'quote"inject<script>', 'ligne\u00e9accent']) {
      const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': bad } });
      const id = String(res.headers['x-request-id']);
      assert.notEqual(id, bad);
      assert.match(id, /^[0-9a-f-]{36}$/);
    }
  });

  it('sets the security headers on every response, errors included', async () => {
    for (const [method, url] of [['GET', '/healthz'], ['GET', '/api/nothing'], ['GET', '/api/auth/session'], ['GET', '/api/openapi.json']] as const) {
      const res = await app.inject({ method, url });
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
    }
  });

  describe('OpenAPI document', () => {
    let doc: { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    before(async () => {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(res.statusCode, 200);
      doc = res.json();
    });

    it('is OpenAPI 3.1.0', () => {
      assert.equal(doc.openapi, '3.1.0');
    });

    it('documents every route the app registers, with its methods', () => {
      const routes = registeredRoutes(app);
      routes.delete('/api/openapi.json'); // the document itself
      for (const path of [
        '/healthz',
        '/readyz',
        '/api/auth/session',
        '/api/auth/webauthn/register/options',
        '/api/auth/webauthn/register/verify',
        '/api/auth/webauthn/login/options',
        '/api/auth/webauthn/login/verify',
        '/api/auth/logout',
        '/api/admin/tenants',
        '/api/admin/units',
        '/api/admin/sites',
        '/api/admin/agents',
      ]) {
        assert.ok(routes.has(path), `the route list has ${path}`);
      }
      assert.ok(!routes.has('/api/auth/enrolment/redeem'), 'no route opens a session from an enrolment link alone');
      assert.deepEqual([...routes.get('/api/admin/tenants')!].sort(), ['get', 'post']);
      for (const [path, methods] of routes) {
        assert.ok(doc.paths[path], `${path} is documented`);
        for (const method of methods) assert.ok(doc.paths[path]![method], `${method.toUpperCase()} ${path} is documented`);
      }
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        METHODS.filter((m) => ops[m]).map((m) => `${m} ${path}`),
      );
      const registered = [...routes].flatMap(([path, methods]) => [...methods].map((m) => `${m} ${path}`));
      assert.deepEqual(documented.sort(), registered.sort(), 'nothing documented that does not exist');
    });

    it('documents at least one 4xx answer for each /api operation', () => {
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (!path.startsWith('/api/')) continue;
        for (const method of METHODS) {
          const op = ops[method];
          if (!op) continue;
          const codes = Object.keys(op.responses ?? {});
          assert.ok(codes.some((c) => /^4\d\d$/.test(c)), `${method.toUpperCase()} ${path} documents a 4xx (has ${codes.join(', ')})`);
        }
      }
    });

    it('documents 401 for the operations that need a session', () => {
      for (const [path, method] of [['/api/auth/session', 'get'], ['/api/auth/logout', 'post'], ['/api/admin/tenants', 'get'], ['/api/admin/tenants', 'post'], ['/api/admin/agents', 'get']] as const) {
        assert.ok(doc.paths[path]?.[method]?.responses?.['401'], `${method} ${path} documents 401`);
      }
    });
  });
});

describe('logs', () => {
  it('never contain a session cookie, an authorization header, a CSRF token or an enrolment token', async () => {
    let captured = '';
    const logger = createLogger('trace', { write: (chunk: string) => void (captured += chunk) });
    const config = loadConfig({ ESTRAN_ORIGIN: TEST_ORIGIN, ESTRAN_WEB_DIST: '/nonexistent', LOG_LEVEL: 'trace', NODE_ENV: 'test' });
    const app = await buildApp({ config, database, logger });
    await app.ready();
    try {
      const tenant = await makeTenant(database);
      const agent = await makeAgent(database, tenant.id, { roles: ['agent', 'admin'] });
      const session = await makeSession(database, tenant.id, agent.id);
      const cookieValue = session.cookie.slice(session.cookie.indexOf('=') + 1);
      const bearer = `estran_${randomBytes(24).toString('base64url')}`;
      const { token } = await database.tenant(tenant.id, (tx) =>
        createEnrolment(tx, { tenantId: tenant.id, agentId: agent.id, purpose: 'first-admin', actor: { type: 'system' } }),
      );
      const unknownToken = `${tenant.id}.${randomBytes(32).toString('base64url')}`;

      const responses = [
        await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: session.cookie, authorization: `Bearer ${bearer}` } }),
        await app.inject({ method: 'GET', url: '/api/org/whoami', headers: { authorization: `Bearer ${bearer}` } }),
        await app.inject({
          method: 'POST',
          url: '/api/admin/tenants',
          payload: { name: 'Log', slug: 'log-test', kind: 'commune' },
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, authorization: `Bearer ${bearer}` },
        }),
        await app.inject({ method: 'POST', url: '/api/auth/webauthn/register/options', payload: { enrolmentToken: unknownToken } }),
        await app.inject({ method: 'POST', url: '/api/auth/webauthn/register/options', payload: { enrolmentToken: token }, headers: { cookie: session.cookie } }),
        await app.inject({
          method: 'POST',
          url: '/api/auth/webauthn/register/options',
          payload: `{"enrolmentToken": "${token}"`,
          headers: { 'content-type': 'application/json' },
        }),
      ];
      assert.equal(responses[0]!.statusCode, 200);
      assert.equal(responses[3]!.statusCode, 404);
      assert.equal(responses[4]!.statusCode, 200, responses[4]!.body);
      assert.equal(responses[5]!.statusCode, 400);

      // The link enrols a key; the key logs in; that session logs out.
      const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
      const registered = await app.inject({
        method: 'POST',
        url: '/api/auth/webauthn/register/verify',
        payload: { enrolmentToken: token, response: key.register(responses[4]!.json()) },
      });
      assert.equal(registered.statusCode, 201, registered.body);
      const loginOptions = await app.inject({ method: 'POST', url: '/api/auth/webauthn/login/options', payload: {} });
      assert.equal(loginOptions.statusCode, 200, loginOptions.body);
      const loggedIn = await app.inject({ method: 'POST', url: '/api/auth/webauthn/login/verify', payload: key.assert(loginOptions.json()) });
      assert.equal(loggedIn.statusCode, 200, loggedIn.body);
      const newCookie = loggedIn.cookies.find((c) => c.name === '__Host-estran-session')!.value;
      const me = await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `__Host-estran-session=${newCookie}` } });
      assert.equal(me.statusCode, 200, me.body);
      const newCsrf = me.json().csrfToken as string;
      const loggedOut = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        payload: {},
        headers: { cookie: `__Host-estran-session=${newCookie}`, 'x-csrf-token': newCsrf, authorization: `Bearer ${bearer}` },
      });
      assert.equal(loggedOut.statusCode, 204, loggedOut.body);

      // The requests were logged: the check below is not vacuous.
      for (const r of [...responses, registered, loginOptions, loggedIn, me, loggedOut]) {
        assert.ok(captured.includes(String(r.headers['x-request-id'])), 'each request is in the log');
      }
      for (const secret of [
        cookieValue,
        cookieValue.slice(37),
        bearer,
        session.csrfToken,
        token,
        token.slice(37),
        unknownToken.slice(37),
        newCookie,
        newCookie.slice(37),
        newCsrf,
      ]) {
        assert.ok(!captured.includes(secret), `a secret reached the log: ${secret.slice(0, 8)}…`);
      }
    } finally {
      await app.close();
    }
  });
});
