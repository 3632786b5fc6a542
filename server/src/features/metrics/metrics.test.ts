// /metrics over HTTP on the real app and database: who is refused (another address, no
// token, a token without metrics:read, a metrics:read token of another tenant than the
// operator's, a forged X-Forwarded-For), who is let in (an allowed address or range, an
// operator's metrics:read token), and what it shows: a real login counted by outcome,
// latency by route pattern (never the raw URL), live sessions per tenant, process metrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, makeAgent, makeSession, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';
import { createLogger } from '../../platform/logger.ts';
import { createEnrolment } from '../auth/index.ts';
import { createServiceToken } from '../service-tokens/index.ts';

const ALLOWED = '10.20.0.0/16,192.0.2.7';
const OUTSIDER = '203.0.113.9';

/** The value of one series in the exposition text, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

describe('/metrics', () => {
  let app: FastifyInstance;
  let database: Database;
  let operatorId: string;
  let memberSlug: string;
  let operatorSlug: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      ESTRAN_ORIGIN: TEST_ORIGIN,
      ESTRAN_METRICS_ALLOW: ALLOWED,
      ESTRAN_WEB_DIST: '/nonexistent',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    app = await buildApp({ config, database, logger: createLogger('silent') });
    await app.ready();
    const operator = await makeTenant(database, { operator: true });
    const member = await makeTenant(database);
    operatorId = operator.id;
    operatorSlug = operator.slug;
    memberSlug = member.slug;
    const token = async (tenantId: string, scopes: Parameters<typeof createServiceToken>[1]['scopes']) =>
      (await createServiceToken(database, { tenantId, name: 'supervision', scopes, days: 1, actor: { type: 'cli' } })).token;
    tokens.operator = await token(operator.id, ['metrics:read']);
    tokens.operatorOtherScope = await token(operator.id, ['stats:read', 'guide:read']);
    tokens.member = await token(member.id, ['metrics:read']);
    // Live sessions, set before any scrape (the gauge is cached a few seconds): the
    // operator has two open and one revoked, the member one open.
    const admin = await makeAgent(database, operator.id);
    await makeSession(database, operator.id, admin.id);
    await makeSession(database, operator.id, admin.id);
    const ended = await makeSession(database, operator.id, admin.id);
    await database.tenant(operator.id, (tx) => tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, ended.sessionId)));
    const agent = await makeAgent(database, member.id);
    await makeSession(database, member.id, agent.id);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const scrape = (ip: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/metrics', remoteAddress: ip, headers });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  function refused(res: LightMyRequestResponse, status: 403 | 404) {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json() as { error: string; message: string };
    assert.equal(body.error, status === 404 ? 'not_found' : 'forbidden');
    assert.doesNotMatch(res.body, /estran_|process_cpu/);
  }

  it('is not found from another address without a token, even with a forged X-Forwarded-For', async () => {
    refused(await scrape(OUTSIDER), 404);
    refused(await scrape('10.21.0.1'), 404); // just outside 10.20.0.0/16
    refused(await scrape('192.0.2.8'), 404);
    refused(await scrape(OUTSIDER, { 'x-forwarded-for': '10.20.1.1' }), 404); // no trusted proxy configured
    refused(await scrape(OUTSIDER, { authorization: 'Basic YWRtaW46YWRtaW4=' }), 404);
  });

  it('is forbidden with a token that is invalid, lacks metrics:read, or belongs to another tenant than the operator', async () => {
    refused(await scrape(OUTSIDER, bearer('n’importe quoi')), 403);
    refused(await scrape(OUTSIDER, bearer(`${operatorId}.${'A'.repeat(43)}`)), 403);
    refused(await scrape(OUTSIDER, bearer(tokens.operatorOtherScope!)), 403);
    const member = await scrape(OUTSIDER, bearer(tokens.member!));
    refused(member, 403);
    assert.match(member.json().message, /seul un jeton metrics:read de l’opérateur/);
  });

  it('answers an allowed address, range or IPv4-mapped peer, and an operator’s metrics:read token from anywhere', async () => {
    for (const ip of ['10.20.0.1', '10.20.255.254', '192.0.2.7', '::ffff:10.20.3.4']) {
      const res = await scrape(ip);
      assert.equal(res.statusCode, 200, `${ip}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    const withToken = await scrape(OUTSIDER, bearer(tokens.operator!));
    assert.equal(withToken.statusCode, 200, withToken.body);
    assert.ok(sample(withToken.body, 'process_cpu_user_seconds_total') > 0, 'default process metrics');
    assert.ok(sample(withToken.body, 'nodejs_heap_size_used_bytes') > 0);
  });

  it('counts live sessions per tenant, across tenants under row-level security', async () => {
    const res = await scrape('10.20.0.1');
    assert.equal(sample(res.body, 'estran_sessions_active', { tenant: operatorSlug }), 2);
    assert.equal(sample(res.body, 'estran_sessions_active', { tenant: memberSlug }), 1);
  });

  it('counts a real security-key login, a refused one, and the strike it made', async () => {
    const before = (await scrape('10.20.0.1')).body;
    const tenant = await makeTenant(database);
    const agent = await makeAgent(database, tenant.id);
    const { token } = await database.tenant(tenant.id, (tx) =>
      createEnrolment(tx, { tenantId: tenant.id, agentId: agent.id, purpose: 'security-key', actor: { type: 'system' } }),
    );
    const post = (url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, remoteAddress: '198.51.100.40', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN }, payload: JSON.stringify(payload) });
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const options = await post('/api/auth/webauthn/register/options', { enrolmentToken: token });
    assert.equal(options.statusCode, 200, options.body);
    assert.equal((await post('/api/auth/webauthn/register/verify', { enrolmentToken: token, response: key.register(options.json()) })).statusCode, 201);

    const ok = await post('/api/auth/webauthn/login/verify', key.assert((await post('/api/auth/webauthn/login/options', {})).json()));
    assert.equal(ok.statusCode, 200, ok.body);
    const bad = await post('/api/auth/webauthn/login/verify', key.assert((await post('/api/auth/webauthn/login/options', {})).json(), { userVerified: false }));
    assert.equal(bad.statusCode, 401, bad.body);

    const afterText = (await scrape(OUTSIDER, bearer(tokens.operator!))).body;
    const delta = (name: string, labels: Record<string, string>) => sample(afterText, name, labels) - sample(before, name, labels);
    assert.equal(delta('estran_auth_logins_total', { method: 'security-key', outcome: 'success' }), 1);
    assert.equal(delta('estran_auth_logins_total', { method: 'security-key', outcome: 'refused' }), 1);
    assert.equal(delta('estran_auth_logins_total', { method: 'password-totp', outcome: 'success' }), 0);
    assert.equal(delta('estran_auth_strikes_total', {}), 1, 'one strike, whatever its reason label');
    assert.equal(
      delta('estran_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/webauthn/login/verify', status_class: '2xx' }),
      1,
    );
    assert.equal(
      delta('estran_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/webauthn/login/verify', status_class: '4xx' }),
      1,
    );
  });

  it('labels latency by route pattern, never by raw URL', async () => {
    const id = '0b9d7d3e-2f43-4c5e-9a71-3f1d2b8c4e55';
    await app.inject({ method: 'POST', url: `/api/auth/keys/${id}/revoke`, remoteAddress: OUTSIDER, payload: {} });
    await app.inject({ method: 'GET', url: `/api/nothing/${id}?q=secret`, remoteAddress: OUTSIDER });
    const text = (await scrape('10.20.0.1')).body;
    assert.ok(sample(text, 'estran_http_request_duration_seconds_count', { method: 'POST', route: '/api/auth/keys/:id/revoke', status_class: '4xx' }) >= 1);
    assert.ok(sample(text, 'estran_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' }) >= 1);
    assert.ok(!text.includes(id), 'no raw URL in any label');
    assert.ok(!text.includes('secret'));
  });
});
