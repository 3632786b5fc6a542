// First start: the operator's tenant, its first administrator and the one-time link;
// that link enrols a security key (there is no other way in: no session without a key),
// then the administrator logs in with the key; the session cookie, logout, and the
// `estran enrolment create` logic.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { limits } from '@estran/contracts';
import { createTestApp, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, enrolments, sessions, tenants, webauthnCredentials } from '../../db/schema.ts';
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

  // Each test speaks from its own address, so the per-address ceiling of the auth
  // endpoints (60 a minute) never answers for another test.
  let hosts = 0;
  let address = '192.0.2.1';
  const nextAddress = () => {
    hosts += 1;
    address = `192.0.2.${hosts + 1}`;
  };

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      remoteAddress: address,
      headers: { 'content-type': 'application/json', 'user-agent': 'test-browser', ...headers },
    });
  const registerOptions = (token: unknown, headers: Record<string, string> = {}) =>
    post('/api/auth/webauthn/register/options', { enrolmentToken: token }, headers);
  const registerVerify = (token: string, response: unknown, headers: Record<string, string> = {}) =>
    post('/api/auth/webauthn/register/verify', { enrolmentToken: token, response }, headers);
  const info = (token: unknown, headers: Record<string, string> = {}) => post('/api/auth/enrolment/info', { token }, headers);
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

  /** The link's whole enrolment: options, the key's answer, verify (201, and no session). */
  async function enrol(token: string) {
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const options = await registerOptions(token);
    assert.equal(options.statusCode, 200, options.body);
    const registered = await registerVerify(token, key.register(options.json()));
    assert.equal(registered.statusCode, 201, registered.body);
    assert.equal(sessionCookie(registered), undefined, 'enrolling a key opens no session');
    return key;
  }

  /** A login with the key: the session cookie and its CSRF token. */
  async function login(key: SoftwareAuthenticator) {
    const options = await post('/api/auth/webauthn/login/options', {});
    assert.equal(options.statusCode, 200, options.body);
    const res = await post('/api/auth/webauthn/login/verify', key.assert(options.json()));
    assert.equal(res.statusCode, 200, res.body);
    const cookie = sessionCookie(res);
    assert.ok(cookie, 'a session cookie is set');
    const me = await session(cookie.value);
    assert.equal(me.statusCode, 200, me.body);
    return { res, cookie, me: me.json(), csrfToken: me.json().csrfToken as string };
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

  it('has no route that opens a session from the link alone', async () => {
    nextAddress();
    const res = await post('/api/auth/enrolment/redeem', { token: firstToken });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(sessionCookie(res), undefined);
    const [invitation] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments));
    assert.equal(invitation!.usedAt, null, 'the link is untouched');
  });

  it('enrols a security key with the link, once, then logs in with the key: a __Host- cookie', async () => {
    nextAddress();
    const described = await info(firstToken);
    assert.equal(described.statusCode, 200, described.body);
    assert.equal(described.json().purpose, 'first-admin');
    assert.equal(described.json().displayName, 'Premier Administrateur');
    assert.equal(described.json().login, 'premier.admin@estran.test');

    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const options = await registerOptions(firstToken);
    assert.equal(options.statusCode, 200, options.body);
    const creation = options.json();
    assert.equal(creation.authenticatorSelection.residentKey, 'required');
    assert.equal(creation.authenticatorSelection.userVerification, 'required');
    assert.equal(creation.user.name, 'premier.admin@estran.test');
    assert.equal(sessionCookie(options), undefined);

    // A key that did not verify its PIN is refused, and the link stays usable.
    const noPin = await registerVerify(firstToken, key.register(creation, { userVerified: false }));
    assertError(noPin, 400, 'registration_rejected');
    const [pending] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments).where(eq(enrolments.purpose, 'first-admin')));
    assert.equal(pending!.usedAt, null, 'a refused registration does not consume the link');

    const retry = await registerOptions(firstToken);
    assert.equal(retry.statusCode, 200, retry.body);
    const registered = await post('/api/auth/webauthn/register/verify', { enrolmentToken: firstToken, name: 'Clé de l’administrateur', response: key.register(retry.json()) });
    assert.equal(registered.statusCode, 201, registered.body);
    assert.deepEqual(registered.json(), { credentialId: key.id, name: 'Clé de l’administrateur' });
    assert.equal(sessionCookie(registered), undefined, 'enrolling a key opens no session: the key logs in');

    const [admin] = await database.tenant(operatorId, (tx) => tx.select().from(agents).where(eq(agents.email, 'premier.admin@estran.test')));
    const [invitation] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments).where(eq(enrolments.agentId, admin!.id)));
    assert.ok(invitation!.usedAt, 'the invitation is marked used');
    const [credential] = await database.tenant(operatorId, (tx) => tx.select().from(webauthnCredentials).where(eq(webauthnCredentials.agentId, admin!.id)));
    assert.equal(credential!.credentialId, key.id);
    assert.equal(invitation!.usedCredentialId, credential!.id);

    // Single use.
    assertError(await registerOptions(firstToken), 410, 'gone');
    assertError(await info(firstToken), 410, 'gone');

    // Login with the key.
    const { res, cookie, me } = await login(key);
    const result = res.json();
    assert.equal(result.agent.id, admin!.id);
    assert.equal(result.agent.tenant, operatorId);
    assert.equal(result.trust, 'personal', 'a key login without a device credential');
    assert.ok(Date.parse(result.expiresAt) > Date.now());
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

    assert.equal(me.trust, 'personal');
    assert.ok(me.agent.roles.includes('admin'));
    assert.equal(me.agent.id, admin!.id);
    assert.equal(me.agent.displayName, 'Premier Administrateur');
    assert.equal(me.agent.tenant.id, operatorId);
    assert.equal(me.agent.tenant.operator, true);
    assert.equal(typeof me.csrfToken, 'string');
    assert.ok(me.csrfToken.length >= 32);

    const rows = await database.tenant(operatorId, (tx) => tx.select().from(sessions).where(eq(sessions.agentId, admin!.id)));
    assert.equal(rows.length, 1, 'one session: the key login’s');
    assert.equal(rows[0]!.trust, 'personal');
    assert.equal(rows[0]!.method, 'security-key');
    assert.equal(rows[0]!.userAgent, 'test-browser');

    const actions = (await database.tenant(operatorId, (tx) => tx.select().from(auditEvents))).map((e) => e.action);
    for (const a of ['tenant.created', 'enrolment.created', 'key.enrolled', 'auth.login', 'session.created']) assert.ok(actions.includes(a), a);
    assert.ok(!actions.includes('enrolment.redeemed'));
  });

  it('hands out no link once the administrator has enrolled a key', async () => {
    const later = await ensureFirstTenant(database, { tenantName: 'Autre nom', adminEmail: 'premier.admin@estran.test' });
    assert.deepEqual(later, { created: false, tenantId: operatorId, token: null, expiresAt: null });
    const all = await database.operator((tx) => tx.select().from(tenants));
    assert.equal(all.length, 1, 'no second operator');
    assert.equal(all[0]!.name, 'Département des Côtes-d’Armor', 'the name is kept');
  });

  it('answers 400 to a malformed token', async () => {
    nextAddress();
    for (const token of [
      'short',
      'x'.repeat(60),
      `${operatorId}-${'A'.repeat(43)}`,
      `${operatorId.toUpperCase()}.${'A'.repeat(43)}`,
      `${operatorId}.${'A'.repeat(10)}`,
      `${operatorId}.${'A'.repeat(40)}!`,
      'z'.repeat(201),
      1234567890,
    ]) {
      assertError(await registerOptions(token), 400, 'invalid_request');
      assertError(await info(token), 400, 'invalid_request');
    }
    assertError(await post('/api/auth/enrolment/info', {}), 400, 'invalid_request');
    // register/options without a token and without a session: nothing to enrol for.
    assertError(await post('/api/auth/webauthn/register/options', {}), 401, 'unauthenticated');
  });

  it('answers 404 to an unknown but well-formed token', async () => {
    nextAddress();
    for (const token of [
      `${operatorId}.${randomBytes(32).toString('base64url')}`,
      // A tenant id that exists nowhere.
      `00000000-0000-4000-8000-000000000000.${randomBytes(32).toString('base64url')}`,
    ]) {
      assertError(await registerOptions(token), 404, 'not_found');
      assertError(await info(token), 404, 'not_found');
    }
  });

  it('answers 404 when the tenant part names another tenant, and leaves the link usable', async () => {
    nextAddress();
    const { token } = await freshAdmin();
    const other = await makeTenant(database);
    const secret = token.slice(37);
    assertError(await registerOptions(`${other.id}.${secret}`), 404, 'not_found');
    assertError(await info(`${other.id}.${secret}`), 404, 'not_found');
    await enrol(token);
  });

  it('answers 410 to an expired invitation, before and after the key answered', async () => {
    nextAddress();
    const { token, agentId } = await freshAdmin();
    const expire = () =>
      database.tenant(operatorId, (tx) =>
        tx
          .update(enrolments)
          .set({ expiresAt: new Date(Date.now() - 60_000) })
          .where(and(eq(enrolments.agentId, agentId), eq(enrolments.purpose, 'first-admin'))),
      );
    // Expired between the options and the key's answer.
    const options = await registerOptions(token);
    assert.equal(options.statusCode, 200, options.body);
    await expire();
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    assertError(await registerVerify(token, key.register(options.json())), 410, 'gone');
    assertError(await registerOptions(token), 410, 'gone');
    assertError(await info(token), 410, 'gone');
    const [invitation] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments).where(eq(enrolments.agentId, agentId)));
    assert.equal(invitation!.usedAt, null, 'an expired link is not consumed');
    const keys = await database.tenant(operatorId, (tx) => tx.select().from(webauthnCredentials).where(eq(webauthnCredentials.agentId, agentId)));
    assert.equal(keys.length, 0, 'no key saved');
  });

  it('answers 410 to a link already used to enrol a key', async () => {
    nextAddress();
    const { token } = await freshAdmin();
    const options = await registerOptions(token);
    assert.equal(options.statusCode, 200, options.body);
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const creation = options.json();
    // A second options call before the first registration: its challenge is void once
    // the link is used.
    const second = await registerOptions(token);
    assert.equal(second.statusCode, 200, second.body);
    assert.equal((await registerVerify(token, key.register(creation))).statusCode, 201);
    const other = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    assertError(await registerVerify(token, other.register(second.json())), 410, 'gone');
    assertError(await registerOptions(token), 410, 'gone');
    assertError(await info(token), 410, 'gone');
  });

  it('answers 403 to a link opened from another origin, and leaves it usable', async () => {
    nextAddress();
    const { token } = await freshAdmin();
    for (const origin of ['https://evil.example', 'http://localhost:3001', 'null']) {
      assertError(await registerOptions(token, { origin }), 403, 'forbidden');
      assertError(await info(token, { origin }), 403, 'forbidden');
    }
    const options = await registerOptions(token, { origin: TEST_ORIGIN });
    assert.equal(options.statusCode, 200, options.body);
    const response = new SoftwareAuthenticator({ origin: TEST_ORIGIN }).register(options.json());
    assertError(await registerVerify(token, response, { origin: 'https://evil.example' }), 403, 'forbidden');
    const ok = await registerVerify(token, response, { origin: TEST_ORIGIN });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('does not let the link set up a password + TOTP login instead of a key', async () => {
    nextAddress();
    const { token, agentId } = await freshAdmin();
    assertError(await post('/api/auth/password-totp/enrol/options', { enrolmentToken: token }), 403, 'forbidden');
    const [invitation] = await database.tenant(operatorId, (tx) => tx.select().from(enrolments).where(eq(enrolments.agentId, agentId)));
    assert.equal(invitation!.usedAt, null);
  });

  it('a new start before the link was used hands out a new link and voids the earlier one', async () => {
    nextAddress();
    const email = 'relance@estran.test';
    const first = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
    const second = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
    assert.equal(second.created, false);
    assert.equal(second.tenantId, operatorId);
    assert.ok(first.token && second.token);
    assert.notEqual(second.token, first.token);
    assertError(await registerOptions(first.token), 410, 'gone');
    await enrol(second.token);
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
      nextAddress();
      const { token } = await freshAdmin();
      ({ cookie: { value: cookie }, csrfToken } = await login(await enrol(token)));
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
      assert.equal((await session(cookie)).statusCode, 200, 'the real cookie works');
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
    nextAddress();
    const { token } = await freshAdmin();
    const { cookie, csrfToken } = await login(await enrol(token));
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { [COOKIE]: cookie.value }, headers: { 'x-csrf-token': csrfToken } });
    assert.equal(res.statusCode, 204, res.body);
    assertError(await session(cookie.value), 401, 'unauthenticated');
  });

  it('never opened a bootstrap session', async () => {
    const rows = await database.tenant(operatorId, (tx) => tx.select({ trust: sessions.trust, method: sessions.method }).from(sessions));
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.notEqual(row.trust, 'bootstrap');
      assert.equal(row.method, 'security-key');
    }
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
      nextAddress();
      const email = 'cli-admin@estran.test';
      const start = await ensureFirstTenant(database, { tenantName: 'x', adminEmail: email });
      const made = await createEnrolmentForLogin(database, { login: 'CLI-Admin@Estran.TEST' });
      assert.equal(made.purpose, 'first-admin');
      assertError(await registerOptions(start.token), 410, 'gone');
      const key = await enrol(made.token);
      const { me } = await login(key);
      assert.equal(me.agent.displayName, 'Premier Administrateur');
      assert.ok(me.agent.roles.includes('admin'));
    });
  });
});
