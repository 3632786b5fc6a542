// Service tokens for integrations through the HTTP API: created by an administrator and
// shown once, stored hashed, scoped, revocable, expiring, and never a way into the
// administration or the helpdesk (those need an agent's session).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { serviceTokens } from '../../db/schema.ts';

const FRENCH = /[àâçéèêëîïôûùüœ’]|\b(le|la|les|de|des|du|un|une|votre|vous|est|pas|ce|cette|avec|pour|au|introuvable|invalide)\b/i;
const ENGLISH = /\b(the|is|not|found|invalid|error|request|failed|forbidden|unauthorized|too many)\b/i;

describe('service tokens', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let admin: Record<string, string>;
  let helpdesk: Record<string, string>;
  let plain: Record<string, string>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantId = (await makeTenant(database)).id;
    admin = await headersOf((await makeAgent(database, tenantId, { roles: ['agent', 'admin'] })).id);
    helpdesk = await headersOf((await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] })).id);
    plain = await headersOf((await makeAgent(database, tenantId)).id);
  });
  after(async () => close());

  async function headersOf(agentId: string) {
    const s = await makeSession(database, tenantId, agentId);
    return { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };
  }

  function denial(res: LightMyRequestResponse, status: number, error: string) {
    assert.equal(res.statusCode, status, res.body);
    const body = res.json();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.message, 'string');
    assert.match(body.message, FRENCH, `a French message: ${body.message}`);
    assert.doesNotMatch(body.message, ENGLISH, `a French message: ${body.message}`);
    return body;
  }

  const create = (body: Record<string, unknown>, headers = admin) =>
    app.inject({ method: 'POST', url: '/api/admin/service-tokens', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  async function created(scopes: string[], name = 'Export statistiques') {
    const res = await create({ name, scopes, expiresInDays: 30 });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; token: string; name: string; scopes: string[]; expiresAt: string };
  }

  const bearer = (url: string, token: string, method: 'GET' | 'POST' = 'GET', body: unknown = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { payload: JSON.stringify(body) } : {}),
    });

  it('is shown once at creation, then never; it identifies the integration on /api/org/whoami', async () => {
    const t = await created(['org:read']);
    assert.match(t.token, new RegExp(`^${tenantId}\\.[A-Za-z0-9_-]{32,}$`));
    assert.deepEqual(t.scopes, ['org:read']);
    const days = (new Date(t.expiresAt).getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `expires in 30 days: ${t.expiresAt}`);

    const listing = await app.inject({ method: 'GET', url: '/api/admin/service-tokens', headers: { cookie: admin.cookie } });
    assert.equal(listing.statusCode, 200, listing.body);
    const item = listing.json().items.find((i: { id: string }) => i.id === t.id);
    assert.ok(item, 'the token is listed');
    assert.equal(item.token, undefined);
    const secret = t.token.split('.')[1]!;
    assert.ok(!listing.body.includes(secret), 'the listing never shows the secret');

    const who = await bearer('/api/org/whoami', t.token);
    assert.equal(who.statusCode, 200, who.body);
    assert.deepEqual(who.json(), { kind: 'service', tenantId, id: t.id });
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(serviceTokens).where(eq(serviceTokens.id, t.id)));
    assert.ok(row!.lastUsedAt, 'its use is recorded');
  });

  it('is stored hashed: no column holds the token or its secret', async () => {
    const t = await created(['org:read', 'guide:read'], 'Client de recherche');
    const secret = t.token.split('.')[1]!;
    const rows = await database.ownerQuery(`select row_to_json(s)::text as json, encode(secret_hash, 'hex') as hash from service_tokens s where id = '${t.id}'`);
    assert.equal(rows.length, 1);
    const json = String(rows[0]!.json);
    for (const needle of [t.token, secret, Buffer.from(secret, 'base64url').toString('hex'), Buffer.from(secret, 'base64url').toString('base64')]) {
      assert.ok(!json.includes(needle), 'the row does not hold the token');
    }
    assert.equal(rows[0]!.hash, createHash('sha256').update(secret).digest('hex'), 'only its SHA-256 is stored');
    const audit = await database.ownerQuery(`select count(*)::int as n from audit_events where data::text like '%${secret}%'`);
    assert.equal(audit[0]!.n, 0, 'nor is it in the audit trail');
  });

  it('refuses a token without the org:read scope (401)', async () => {
    const t = await created(['guide:read', 'stats:read']);
    denial(await bearer('/api/org/whoami', t.token), 401, 'unauthenticated');
  });

  it('refuses a revoked token (401)', async () => {
    const t = await created(['org:read']);
    assert.equal((await bearer('/api/org/whoami', t.token)).statusCode, 200);
    const revoked = await app.inject({ method: 'POST', url: `/api/admin/service-tokens/${t.id}/revoke`, headers: { ...admin, 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(revoked.statusCode, 204, revoked.body);
    denial(await bearer('/api/org/whoami', t.token), 401, 'unauthenticated');
  });

  it('refuses an expired token (401)', async () => {
    const t = await created(['org:read']);
    assert.equal((await bearer('/api/org/whoami', t.token)).statusCode, 200);
    await database.tenant(tenantId, (tx) => tx.update(serviceTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(serviceTokens.id, t.id)));
    denial(await bearer('/api/org/whoami', t.token), 401, 'unauthenticated');
  });

  it('refuses a forged token of the right shape (401)', async () => {
    denial(await bearer('/api/org/whoami', `${tenantId}.${'C'.repeat(43)}`), 401, 'unauthenticated');
    denial(await bearer('/api/org/whoami', 'pas-un-jeton'), 401, 'unauthenticated');
  });

  it('never opens the administration or the helpdesk (401: they need a session)', async () => {
    const t = await created(['org:read', 'guide:read', 'alerts:send', 'stats:read'], 'Tous droits');
    assert.equal((await bearer('/api/org/whoami', t.token)).statusCode, 200, 'the token itself is valid');
    const target = (await makeAgent(database, tenantId)).id;
    // Valid bodies: the refusal must come from the missing session, not from validation.
    const requests: [string, 'GET' | 'POST', unknown?][] = [
      ['/api/admin/service-tokens', 'GET'],
      ['/api/admin/service-tokens', 'POST', { name: 'Par un jeton', scopes: ['org:read'] }],
      ['/api/admin/agents', 'GET'],
      ['/api/admin/security-settings', 'GET'],
      ['/api/admin/devices', 'POST', { name: 'Portable', kind: 'managed' }],
      ['/api/helpdesk/agents', 'GET'],
      [`/api/helpdesk/agents/${target}`, 'GET'],
      [`/api/helpdesk/agents/${target}/sessions/revoke`, 'POST'],
      ['/api/helpdesk/devices', 'GET'],
    ];
    for (const [url, method, body] of requests) {
      const res = await bearer(url, t.token, method, body);
      assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
      denial(res, 401, 'unauthenticated');
    }
  });

  it('can only be created by an administrator (403)', async () => {
    for (const headers of [plain, helpdesk]) {
      denial(await create({ name: 'Intégration', scopes: ['org:read'] }, headers), 403, 'forbidden');
    }
    const listing = await app.inject({ method: 'GET', url: '/api/admin/service-tokens', headers: { cookie: plain.cookie } });
    denial(listing, 403, 'forbidden');
    const rows = await database.tenant(tenantId, (tx) => tx.select().from(serviceTokens).where(eq(serviceTokens.name, 'Intégration')));
    assert.equal(rows.length, 0);
  });
});
