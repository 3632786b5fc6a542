// First start: the operator's tenant, its first administrator and the one-time link;
// opening that link as a bootstrap session; the session cookie, logout, and the
// `estran enrolment create` logic.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { limits } from '@estran/contracts';
import { createTestApp, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, enrolments, sessions, tenants } from '../../db/schema/index.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { createEnrolmentForLogin } from './create-enrolment-for-login.ts';
import { ensureFirstTenant } from './ensure-first-tenant.ts';

const COOKIE = '__Host-estran-session';

describe('first start and the one-time administrator link', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let operatorId: string;
  let firstToken: string;
  let n = 0;

  before(async () => {
    ({ app, database, close } = await createTestApp());
  });
  after(async () => close());

  const redeem = (token: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/enrolment/redeem',
      payload: { token } as object,
      headers: { 'content-type': 'application/json', 'user-agent': 'test-browser', ...headers },
    });
  const session = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/session', cookies: { [COOKIE]: cookie } });
  const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === COOKIE);

  function assertError(res: LightMyRequestResponse, status: number, code: string) {
    assert.equal(res.statusCode, status, res.body);
    const body = res.json();
    assert.equal(body.error, code);
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0);
    assert.equal(sessionCookie(res), undefined, 'no session cookie on a failure');
  }

  /** A further first administrator of the operator's tenant, with a fresh link. */
  async function freshAdmin() {
    n += 1;
    const email = `admin${n}@estran.test`;
    const start = await ensureFirstTenant(database, { tenantName: 'Opérateur de test', adminEmail: email });
    assert.ok(start.token);
    const [agent] = await database.tenant(start.tenantId, (tx) => tx.select().from(agents).where(eq(agents.email, email)));
    return { token: start.token, agentId: agent!.id };
  }

  it('creates the operator’s tenant and an administrator, and hands out a 24-hour link', async () => {
    const before = Date.now();
    const start = await ensureFirstTenant(database, { tenantName: 'Département des Côtes-d’Armor', adminEmail: 'Premier.Admin@Estran.test' });
    assert.equal(start.created, true);
    assert.ok(start.token);
    assert.ok(start.expiresAt);
    assert.ok(start.expiresAt.getTime() >= before + limits.enrolmentTtlMs - 1000);
    assert.ok(start.expiresAt.getTime() <= Date.now() + limits.enrolmentTtlMs + 1000);
    assert.ok(start.token.startsWith(`${start.tenantId}.`), 'the token names its tenant');
    operatorId = start.tenantId;
    firstToken = start.token;

    const all = await database.operator((tx) => tx.select().from(tenants));
    assert.equal(all.length, 1);
    assert.equal(all[0]!.id, operatorId);
    assert.equal(all[0]!.isOperator, true);
    assert.equal(all[0]!.kind, 'operator');
    assert.equal(all[0]!.name, 'Département des Côtes-d’Armor');

    const admins = await database.tenant(operatorId, (tx) => tx.select().from(agents));
    assert.equal(admins.length, 1);
    assert.equal(admins[0]!.email, 'premier.admin@estran.test');
    assert.ok(admins[0]!.roles.includes('admin'));
    assert.equal(admins[0]!.status, 'active');

    const invitations = await database.tenant(operatorId, (tx) => tx.select().from(enrolments));
    assert.equal(invitations.length, 1);
    assert.equal(invitations[0]!.purpose, 'first-admin');
    assert.equal(invitations[0]!.agentId, admins[0]!.id);
    assert.equal(invitations[0]!.usedAt, null);
    const secret = firstToken.slice(37);
    assert.ok(!invitations[0]!.secretHash.equals(Buffer.from(secret)), 'only a hash of the secret is stored');
  });

  it('opens the link as a bootstrap session with a __Host- cookie, once', async () => {
    const res = await redeem(firstToken);
    assert.equal(res.statusCode, 200, res.body);
    const info = res.json();
    assert.equal(info.trust, 'bootstrap');
    assert.equal(info.agent.tenant.id, operatorId);
    assert.equal(info.agent.tenant.operator, true);
    assert.ok(info.agent.roles.includes('admin'));
    assert.equal(typeof info.csrfToken, 'string');
    assert.ok(info.csrfToken.length >= 32);
    assert.ok(Date.parse(info.expiresAt) > Date.now());

    const cookie = sessionCookie(res);
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.domain, undefined, 'a __Host- cookie has no Domain');
    const raw = String(res.headers['set-cookie']);
    assert.match(raw, /^__Host-estran-session=/);
    assert.match(raw, /; HttpOnly/);
    assert.match(raw, /; Secure/);
    assert.match(raw, /; SameSite=Strict/);
    assert.match(raw, /; Path=\//);
    assert.ok(!raw.includes(firstToken.slice(37)), 'the cookie is not the enrolment secret');

    const me = await session(cookie.value);
    assert.equal(me.statusCode, 200, me.body);
    const body = me.json();
    assert.equal(body.trust, 'bootstrap');
    assert.ok(body.agent.roles.includes('admin'));
    assert.equal(body.agent.id, info.agent.id);
    assert.equal(body.agent.displayName, 'Premier Administrateur');
    assert.equal(body.csrfToken, info.csrfToken);

    const [row] = await database.tenant(operatorId, (tx) => tx.select().from(sessions).where(eq(sessions.agentId, info.agent.id)));
    assert.equal(row!.trust, 'bootstrap');
    assert.equal(row!.userAgent, 'test-browser');
    const [invitation] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments).where(eq(enrolments.agentId, info.agent.id)));
    assert.ok(invitation!.usedAt, 'the invitation is marked used');

    const actions = (await database.tenant(operatorId, (tx) => tx.select().from(auditEvents))).map((e) => e.action);
    for (const a of ['tenant.created', 'enrolment.created', 'enrolment.redeemed', 'session.created']) assert.ok(actions.includes(a), a);

    const again = await redeem(firstToken);
    assertError(again, 410, 'gone');
  });

  it('hands out no link once the administrator has redeemed one', async () => {
    const later = await ensureFirstTenant(database, { tenantName: 'Autre nom', adminEmail: 'premier.admin@estran.test' });
    assert.deepEqual(later, { created: false, tenantId: operatorId, token: null, expiresAt: null });
    const all = await database.operator((tx) => tx.select().from(tenants));
    assert.equal(all.length, 1, 'no second operator');
    assert.equal(all[0]!.name, 'Département des Côtes-d’Armor', 'the name is kept');
  });

  it('answers 400 to a malformed token', async () => {
    for (const token of [
      'short',
      'x'.repeat(60),
      `${operatorId}-${'A'.repeat(43)}`,
      `${operatorId.toUpperCase()}.${'A'.repeat(43)}`,
      `${operatorId}.${'A'.repeat(10)}`,
      `${operatorId}.${'A'.repeat(40)}!`,
      'z'.repeat(201),
    ]) {
      assertError(await redeem(token), 400, 'invalid_request');
    }
    assertError(await redeem(1234567890), 400, 'invalid_request');
    assertError(
      await app.inject({ method: 'POST', url: '/api/auth/enrolment/redeem', payload: {}, headers: { 'content-type': 'application/json' } }),
      400,
      'invalid_request',
    );
  });

  it('answers 404 to an unknown but well-formed token', async () => {
    assertError(await redeem(`${operatorId}.${randomBytes(32).toString('base64url')}`), 404, 'not_found');
    // A tenant id that exists nowhere.
    assertError(await redeem(`00000000-0000-4000-8000-000000000000.${randomBytes(32).toString('base64url')}`), 404, 'not_found');
  });

  it('answers 404 when the tenant part names another tenant, and leaves the link usable', async () => {
    const { token } = await freshAdmin();
    const other = await makeTenant(database);
    const secret = token.slice(37);
    assertError(await redeem(`${other.id}.${secret}`), 404, 'not_found');
    const res = await redeem(token);
    assert.equal(res.statusCode, 200, res.body);
  });

  it('answers 410 to an expired invitation', async () => {
    const { token, agentId } = await freshAdmin();
    await database.tenant(operatorId, (tx) =>
      tx
        .update(enrolments)
        .set({ expiresAt: new Date(Date.now() - 60_000) })
        .where(and(eq(enrolments.agentId, agentId), eq(enrolments.purpose, 'first-admin'))),
    );
    assertError(await redeem(token), 410, 'gone');
    const [invitation] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments).where(eq(enrolments.agentId, agentId)));
    assert.equal(invitation!.usedAt, null, 'an expired link is not consumed');
  });

  it('answers 403 to a link opened from another origin, and leaves it usable', async () => {
    const { token } = await freshAdmin();
    for (const origin of ['https://evil.example', 'http://localhost:3001', 'null']) {
      assertError(await redeem(token, { origin }), 403, 'forbidden');
    }
    const res = await redeem(token, { origin: TEST_ORIGIN });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('answers 403 to a link that is not a first-administrator link', async () => {
    const { agentId } = await freshAdmin();
    const [agent] = await database.tenant(operatorId, (tx) => tx.select().from(agents).where(eq(agents.id, agentId)));
    const key = await createEnrolmentForLogin(database, { login: agent!.email, method: 'security-key' });
    assert.equal(key.purpose, 'security-key');
    assertError(await redeem(key.token), 403, 'forbidden');
  });

  it('a new start before the link was used hands out a new link and voids the earlier one', async () => {
    const email = 'relance@estran.test';
    const first = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
    const second = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
    assert.equal(second.created, false);
    assert.equal(second.tenantId, operatorId);
    assert.ok(first.token && second.token);
    assert.notEqual(second.token, first.token);
    assertError(await redeem(first.token), 410, 'gone');
    const ok = await redeem(second.token);
    assert.equal(ok.statusCode, 200, ok.body);
    const third = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
    assert.equal(third.token, null);
    assert.equal(third.expiresAt, null);
    const named = await database.tenant(operatorId, (tx) => tx.select().from(agents).where(eq(agents.email, email)));
    assert.equal(named.length, 1, 'one administrator, however many starts');
  });

  describe('session and logout', () => {
    let cookie: string;
    let csrfToken: string;

    before(async () => {
      const { token } = await freshAdmin();
      const res = await redeem(token);
      assert.equal(res.statusCode, 200, res.body);
      cookie = sessionCookie(res)!.value;
      csrfToken = res.json().csrfToken;
    });

    const logout = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        cookies: { [COOKIE]: cookie },
        payload: {},
        headers: { 'content-type': 'application/json', ...headers },
      });

    it('answers 401 to a garbage, forged or missing session cookie', async () => {
      for (const value of ['garbage', `${operatorId}.${'A'.repeat(43)}`, `${operatorId}.`, '']) {
        const res = await session(value);
        assertError(res, 401, 'unauthenticated');
      }
      assertError(await app.inject({ method: 'GET', url: '/api/auth/session' }), 401, 'unauthenticated');
      // The right secret under another tenant's id finds nothing.
      const other = await makeTenant(database);
      assertError(await session(`${other.id}.${cookie.slice(37)}`), 401, 'unauthenticated');
    });

    it('refuses a logout without the CSRF token, or from another origin, and the session lives on', async () => {
      const missing = await logout({});
      assert.equal(missing.statusCode, 403);
      assert.equal(missing.json().error, 'csrf_failed');
      const wrong = await logout({ 'x-csrf-token': 'A'.repeat(csrfToken.length) });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().error, 'csrf_failed');
      const crossSite = await logout({ 'x-csrf-token': csrfToken, origin: 'https://evil.example' });
      assert.equal(crossSite.statusCode, 403);
      assert.equal(crossSite.json().error, 'forbidden');
      assert.equal((await session(cookie)).statusCode, 200);
    });

    it('logs out with the CSRF token: 204, cookie cleared, session over', async () => {
      const res = await logout({ 'x-csrf-token': csrfToken, origin: TEST_ORIGIN });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(res.body, '');
      const cleared = sessionCookie(res);
      assert.ok(cleared, 'the cookie is cleared');
      assert.equal(cleared.value, '');
      assert.ok(cleared.expires && cleared.expires.getTime() <= Date.now());
      assertError(await session(cookie), 401, 'unauthenticated');
      const twice = await logout({ 'x-csrf-token': csrfToken });
      assert.equal(twice.statusCode, 401, 'a revoked session cannot log out again');
    });
  });

  it('logs out with a POST without a body, which the contract allows (body optional)', async () => {
    const { token } = await freshAdmin();
    const opened = await redeem(token);
    const cookie = sessionCookie(opened)!.value;
    const { csrfToken } = opened.json();
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { [COOKIE]: cookie }, headers: { 'x-csrf-token': csrfToken } });
    assert.equal(res.statusCode, 204, res.body);
    assertError(await session(cookie), 401, 'unauthenticated');
  });

  describe('estran enrolment create', () => {
    it('fails with status 404 for an unknown login', async () => {
      await assert.rejects(createEnrolmentForLogin(database, { login: 'personne@estran.test' }), (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.status, 404);
        assert.equal(error.code, 'not_found');
        assert.match(error.message, /personne@estran\.test/);
        return true;
      });
    });

    it('fails with status 404 for an unknown tenant', async () => {
      await assert.rejects(
        createEnrolmentForLogin(database, { login: 'premier.admin@estran.test', tenantSlug: 'nulle-part' }),
        (error: unknown) => error instanceof HttpError && error.status === 404,
      );
    });

    it('does not find an agent of another tenant', async () => {
      const other = await makeTenant(database);
      await assert.rejects(
        createEnrolmentForLogin(database, { login: 'premier.admin@estran.test', tenantSlug: other.slug }),
        (error: unknown) => error instanceof HttpError && error.status === 404,
      );
    });

    it('gives an administrator who never used a link a new first-administrator link, whatever the case of the login', async () => {
      const email = 'cli-admin@estran.test';
      const start = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
      const made = await createEnrolmentForLogin(database, { login: 'CLI-Admin@Estran.TEST' });
      assert.equal(made.purpose, 'first-admin');
      assertError(await redeem(start.token), 410, 'gone');
      const res = await redeem(made.token);
      assert.equal(res.statusCode, 200, res.body);
    });
  });
});
