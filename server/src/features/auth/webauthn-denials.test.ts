// What the security-key login and registration refuse, through the HTTP API with a
// software authenticator: replays, unknown and revoked credentials, phishing origins,
// another relying party, cloned keys, missing user verification, suspension, the
// lockout policy, bad invitations, stale sessions adding a key, cross-origin requests
// and per-address throttling. Every denial has the one error shape with a French
// message; a 401 never says which factor or why.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { limits } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, enrolments, sessions, tenants, webauthnCredentials } from '../../db/schema.ts';
import { createEnrolment } from './index.ts';

const SESSION = '__Host-estran-session';
const EVIL_ORIGIN = 'https://estran.example.net';
const FRENCH = /[àâçéèêëîïôûùüœ’]|\b(le|la|les|de|des|du|un|une|votre|vous|est|pas|ce|cette|avec|pour|au|introuvable|invalide)\b/i;
const ENGLISH = /\b(the|is|not|found|invalid|error|request|failed|forbidden|unauthorized|too many)\b/i;

type Tweak = Parameters<SoftwareAuthenticator['assert']>[1];

describe('security keys: what is refused', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
  });
  after(async () => close());

  // Each scenario where failures accumulate gets its own address (TEST-NET-2).
  let lastOctet = 0;
  const newAddress = () => `198.51.100.${++lastOctet}`;

  const post = (
    url: string,
    payload: unknown,
    input: { ip: string; headers?: Record<string, string>; cookies?: Record<string, string> },
  ) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: input.ip,
      headers: { 'content-type': 'application/json', ...input.headers },
      ...(input.cookies ? { cookies: input.cookies } : {}),
      payload: JSON.stringify(payload),
    });

  /** The documented failure shape, with a French message. */
  function denial(res: LightMyRequestResponse, status: number, error: string) {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.message, 'string');
    assert.match(body.message, FRENCH, `a French message: ${body.message}`);
    assert.doesNotMatch(body.message, ENGLISH, `a French message: ${body.message}`);
    return body;
  }

  // Every 401 of a login is the same answer, whatever the cause.
  let failureMessage: string | null = null;
  function authFailed(res: LightMyRequestResponse) {
    const body = denial(res, 401, 'authentication_failed');
    const { requestId: _r, ...rest } = body;
    assert.deepEqual(Object.keys(rest).sort(), ['error', 'message'], `a 401 says nothing more: ${res.body}`);
    failureMessage ??= body.message;
    assert.equal(body.message, failureMessage, 'every 401 has the same message');
    assert.equal(res.cookies.find((c) => c.name === SESSION), undefined, 'no session cookie');
    return body;
  }

  async function enrolKey(tenantId: string, agentId: string, ip: string) {
    const { token } = await database.tenant(tenantId, (tx) =>
      createEnrolment(tx, { tenantId, agentId, purpose: 'security-key', actor: { type: 'system' } }),
    );
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const options = await post('/api/auth/webauthn/register/options', { enrolmentToken: token }, { ip });
    assert.equal(options.statusCode, 200, options.body);
    const registered = await post('/api/auth/webauthn/register/verify', { enrolmentToken: token, response: key.register(options.json()) }, { ip });
    assert.equal(registered.statusCode, 201, registered.body);
    return key;
  }

  async function loginOptions(ip: string) {
    const res = await post('/api/auth/webauthn/login/options', {}, { ip });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { challenge: string; rpId?: string };
  }

  async function login(key: SoftwareAuthenticator, ip: string, tweak: Tweak = {}, cookies?: Record<string, string>) {
    const response = key.assert(await loginOptions(ip), tweak);
    return { res: await post('/api/auth/webauthn/login/verify', response, { ip, ...(cookies ? { cookies } : {}) }), response };
  }

  async function agentRow(tenantId: string, agentId: string) {
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.id, agentId)));
    return row!;
  }

  async function strikes(tenantId: string, agentId: string) {
    const rows = await database.tenant(tenantId, (tx) =>
      tx
        .select({ data: auditEvents.data })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'auth.strike'), eq(auditEvents.targetId, agentId)))
        .orderBy(auditEvents.seq),
    );
    return rows.map((r) => r.data.reason as string);
  }

  /** An agent of a fresh tenant with one enrolled key. */
  async function agentWithKey(ip: string, tenantId?: string) {
    const tenant = tenantId ?? (await makeTenant(database)).id;
    const agent = await makeAgent(database, tenant);
    const key = await enrolKey(tenant, agent.id, ip);
    return { tenantId: tenant, agent, key };
  }

  const sessionOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === SESSION)!.value;
  const currentSession = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/session', cookies: { [SESSION]: cookie } });

  it('refuses the same assertion twice: its challenge was consumed', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    const { res, response } = await login(key, ip);
    assert.equal(res.statusCode, 200, res.body);
    const replay = await post('/api/auth/webauthn/login/verify', response, { ip });
    authFailed(replay);
    assert.equal((await agentRow(tenantId, agent.id)).status, 'active');
  });

  it('refuses an assertion of an unknown credential without a strike for anyone', async () => {
    const ip = newAddress();
    const { key: known } = await agentWithKey(ip);
    const countStrikes = async () => {
      const [row] = await database.ownerQuery(
        "select (select count(*) from audit_events where action = 'auth.strike')::int as events, (select coalesce(sum(failed_attempts), 0) from agents)::int as attempts",
      );
      return row;
    };
    const before = await countStrikes();
    // A stranger's key that even claims a known agent's user handle.
    const stranger = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    stranger.userHandle = known.userHandle;
    authFailed((await login(stranger, ip)).res);
    assert.deepEqual(await countStrikes(), before, 'no strike, no failed attempt for anyone');
  });

  it('never counts against an agent what another key signed under their credential id (issue 15, finding 4)', async () => {
    const { tenantId, agent, key } = await agentWithKey(newAddress());
    // Credential ids are not secret: an outsider signs with a key of their own under the
    // victim's id, from three addresses, with every flag a real key would set.
    const outsider = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    outsider.credentialId = key.credentialId;
    outsider.userHandle = key.userHandle;
    for (let i = 0; i < 3; i++) authFailed((await login(outsider, newAddress())).res);
    // …and with a forged signature of the victim's own key, a wrong origin, no user
    // verification, an old counter: none of it verifies with the victim's public key.
    for (const tweak of [{ corruptSignature: true }, { corruptSignature: true, origin: 'https://phishing.example' }, { corruptSignature: true, userVerified: false }, { corruptSignature: true, counter: 0 }]) {
      authFailed((await login(key, newAddress(), tweak)).res);
    }
    const row = await agentRow(tenantId, agent.id);
    assert.equal(row.status, 'active');
    assert.equal(row.failedAttempts, 0);
    assert.deepEqual(await strikes(tenantId, agent.id), []);
    assert.equal((await login(key, newAddress())).res.statusCode, 200, 'the victim’s own key still opens a session');
  });

  it('throttles a bad signature like an unknown key: the address slows down', async () => {
    const { key } = await agentWithKey(newAddress());
    const ip = newAddress();
    for (let i = 0; i < limits.throttleFreeFailures + 1; i++) authFailed((await login(key, ip, { corruptSignature: true })).res);
    denial(await post('/api/auth/webauthn/login/options', {}, { ip }), 429, 'throttled');
  });

  it('counts a strike for a wrong origin in clientDataJSON (phishing)', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    authFailed((await login(key, ip, { origin: 'https://estran-login.example.com' })).res);
    assert.equal((await agentRow(tenantId, agent.id)).failedAttempts, 1);
    assert.deepEqual(await strikes(tenantId, agent.id), ['wrong_origin']);
  });

  it('counts a strike for authenticator data made for another relying party', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    authFailed((await login(key, ip, { rpId: 'estran.example.net' })).res);
    assert.equal((await agentRow(tenantId, agent.id)).failedAttempts, 1);
    assert.deepEqual(await strikes(tenantId, agent.id), ['wrong_rp_id']);
  });

  it('counts a strike for a cloned key (signature counter going back) and keeps the stored counter', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    for (let i = 0; i < 3; i++) assert.equal((await login(key, ip)).res.statusCode, 200);
    const storedCounter = async () => {
      const [row] = await database.tenant(tenantId, (tx) =>
        tx.select({ counter: webauthnCredentials.counter }).from(webauthnCredentials).where(eq(webauthnCredentials.agentId, agent.id)),
      );
      return Number(row!.counter);
    };
    const highest = await storedCounter();
    assert.equal(highest, key.counter, 'the counter was saved at each login');
    authFailed((await login(key, ip, { counter: highest - 2 })).res);
    assert.equal(await storedCounter(), highest, 'the stored counter does not go backwards');
    assert.equal((await agentRow(tenantId, agent.id)).failedAttempts, 1);
    assert.deepEqual(await strikes(tenantId, agent.id), ['counter_regression']);
    // The same counter again is a regression too.
    authFailed((await login(key, ip, { counter: highest })).res);
    assert.equal(await storedCounter(), highest);
    assert.equal((await agentRow(tenantId, agent.id)).failedAttempts, 2);
  });

  it('counts a strike when the key did not verify its user (UV flag 0)', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    authFailed((await login(key, ip, { userVerified: false })).res);
    assert.equal((await agentRow(tenantId, agent.id)).failedAttempts, 1);
    assert.deepEqual(await strikes(tenantId, agent.id), ['user_not_verified']);
  });

  describe('a key revoked by the helpdesk', () => {
    let tenantId: string;
    let agentId: string;
    let revoked: SoftwareAuthenticator;
    let revokedSession: string;
    let otherSession: string;
    const ip = newAddress();

    before(async () => {
      const tenant = await makeTenant(database);
      tenantId = tenant.id;
      const agent = await makeAgent(database, tenantId);
      agentId = agent.id;
      revoked = await enrolKey(tenantId, agentId, ip);
      const spare = await enrolKey(tenantId, agentId, ip);
      const a = (await login(revoked, ip)).res;
      const b = (await login(spare, ip)).res;
      assert.equal(a.statusCode, 200, a.body);
      assert.equal(b.statusCode, 200, b.body);
      revokedSession = sessionOf(a);
      otherSession = sessionOf(b);

      const desk = await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] });
      const s = await makeSession(database, tenantId, desk.id);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };
      const file = await app.inject({ method: 'GET', url: `/api/helpdesk/agents/${agentId}`, headers: { cookie: s.cookie } });
      assert.equal(file.statusCode, 200, file.body);
      assert.equal(file.json().keys.length, 2, 'the helpdesk sees both keys');
      const [row] = await database.tenant(tenantId, (tx) =>
        tx.select({ id: webauthnCredentials.id }).from(webauthnCredentials).where(eq(webauthnCredentials.credentialId, revoked.id)),
      );
      const res = await app.inject({
        method: 'POST',
        url: `/api/helpdesk/agents/${agentId}/keys/${row!.id}/revoke`,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ reason: 'lost' }),
      });
      assert.equal(res.statusCode, 204, res.body);
    });

    it('ends the sessions opened with it, not the others', async () => {
      denial(await currentSession(revokedSession), 401, 'unauthenticated');
      assert.equal((await currentSession(otherSession)).statusCode, 200);
    });

    it('answers 401 and counts a strike when it is presented again', async () => {
      authFailed((await login(revoked, newAddress())).res);
      assert.equal((await agentRow(tenantId, agentId)).failedAttempts, 1, 'a revoked key presented is a strike');
      assert.deepEqual(await strikes(tenantId, agentId), ['revoked_key']);
    });
  });

  it('tells a suspended agent with a valid assertion to call the helpdesk (423)', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    await database.operator((tx) => tx.update(tenants).set({ helpdeskPhone: '02 98 76 54 32' }).where(eq(tenants.id, tenantId)));
    await database.tenant(tenantId, (tx) =>
      tx.update(agents).set({ status: 'suspended', suspendedAt: new Date(), suspensionReason: 'test' }).where(eq(agents.id, agent.id)),
    );
    const { res } = await login(key, ip);
    const body = denial(res, 423, 'suspended');
    assert.equal(body.helpdesk, '02 98 76 54 32');
    assert.match(body.message, /02 98 76 54 32/);
    assert.equal(res.cookies.find((c) => c.name === SESSION), undefined);
    assert.equal((await agentRow(tenantId, agent.id)).status, 'suspended');
  });

  it('under the lockout policy, answers the third strike with 429 and Retry-After, without suspending', async () => {
    const ip = newAddress();
    const tenant = await makeTenant(database);
    await database.operator((tx) => tx.update(tenants).set({ settings: { auth: { strikesMode: 'lockout' } } }).where(eq(tenants.id, tenant.id)));
    const { agent, key } = await agentWithKey(ip, tenant.id);
    authFailed((await login(key, ip, { userVerified: false })).res);
    authFailed((await login(key, newAddress(), { userVerified: false })).res);
    const third = (await login(key, newAddress(), { userVerified: false })).res;
    const body = denial(third, 429, 'throttled');
    const retryAfter = Number(third.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${third.headers['retry-after']}`);
    assert.equal(body.retryAfterSeconds, retryAfter);
    const row = await agentRow(tenant.id, agent.id);
    assert.equal(row.status, 'active', 'no suspension under the lockout policy');
    assert.ok(row.lockedUntil && row.lockedUntil.getTime() > Date.now());
    // Locked out: even a good assertion waits.
    const during = (await login(key, newAddress())).res;
    denial(during, 429, 'throttled');
    assert.ok(Number(during.headers['retry-after']) >= 1);
    const actions = (await database.tenant(tenant.id, (tx) => tx.select({ action: auditEvents.action }).from(auditEvents))).map((e) => e.action);
    assert.ok(actions.includes('agent.locked_out'));
    assert.ok(!actions.includes('agent.suspended'));
  });

  describe('registration', () => {
    it('refuses a used, an expired and a forged invitation', async () => {
      const ip = newAddress();
      const tenant = await makeTenant(database);
      const agent = await makeAgent(database, tenant.id);
      const invite = () =>
        database.tenant(tenant.id, (tx) =>
          createEnrolment(tx, { tenantId: tenant.id, agentId: agent.id, purpose: 'security-key', actor: { type: 'system' } }),
        );

      // Used.
      const used = await invite();
      const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
      const options = await post('/api/auth/webauthn/register/options', { enrolmentToken: used.token }, { ip });
      assert.equal(options.statusCode, 200);
      const ok = await post('/api/auth/webauthn/register/verify', { enrolmentToken: used.token, response: key.register(options.json()) }, { ip });
      assert.equal(ok.statusCode, 201, ok.body);
      denial(await post('/api/auth/webauthn/register/options', { enrolmentToken: used.token }, { ip }), 410, 'gone');

      // Expired.
      const expired = await invite();
      await database.tenant(tenant.id, (tx) =>
        tx.update(enrolments).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(enrolments.agentId, agent.id), eq(enrolments.purpose, 'security-key'))),
      );
      denial(await post('/api/auth/webauthn/register/options', { enrolmentToken: expired.token }, { ip }), 410, 'gone');

      // Forged: well formed but unknown, and malformed.
      const forged = `${tenant.id}.${'A'.repeat(43)}`;
      denial(await post('/api/auth/webauthn/register/options', { enrolmentToken: forged }, { ip }), 404, 'not_found');
      denial(await post('/api/auth/webauthn/register/options', { enrolmentToken: 'x'.repeat(60) }, { ip }), 400, 'invalid_request');
    });

    it('refuses a response to the challenge of another invitation (401), and saves no key', async () => {
      const ip = newAddress();
      const tenant = await makeTenant(database);
      const claire = await makeAgent(database, tenant.id);
      const yann = await makeAgent(database, tenant.id);
      const invite = (agentId: string) =>
        database.tenant(tenant.id, (tx) => createEnrolment(tx, { tenantId: tenant.id, agentId, purpose: 'security-key', actor: { type: 'system' } }));
      const forClaire = await invite(claire.id);
      const forYann = await invite(yann.id);
      await post('/api/auth/webauthn/register/options', { enrolmentToken: forClaire.token }, { ip });
      const yannOptions = await post('/api/auth/webauthn/register/options', { enrolmentToken: forYann.token }, { ip });
      const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
      const res = await post('/api/auth/webauthn/register/verify', { enrolmentToken: forClaire.token, response: key.register(yannOptions.json()) }, { ip });
      authFailed(res);
      const saved = await database.tenant(tenant.id, (tx) => tx.select().from(webauthnCredentials));
      assert.equal(saved.length, 0, 'no key saved for anyone');
    });

    it('refuses register/options without an invitation or a session (401)', async () => {
      const ip = newAddress();
      denial(await post('/api/auth/webauthn/register/options', {}, { ip }), 401, 'unauthenticated');
      const noBody = await app.inject({ method: 'POST', url: '/api/auth/webauthn/register/options', remoteAddress: ip });
      denial(noBody, 401, 'unauthenticated');
    });

    it('asks a session adding a key for its CSRF token (issue 15, finding 10)', async () => {
      const ip = newAddress();
      const tenant = await makeTenant(database);
      const agent = await makeAgent(database, tenant.id);
      const s = await makeSession(database, tenant.id, agent.id);
      const cookies = { [SESSION]: s.cookie.split('=')[1]! };
      for (const headers of [undefined, { 'x-csrf-token': 'not-the-token' }]) {
        denial(await post('/api/auth/webauthn/register/options', {}, { ip, cookies, ...(headers ? { headers } : {}) }), 403, 'csrf_failed');
      }
      const options = await post('/api/auth/webauthn/register/options', {}, { ip, cookies, headers: { 'x-csrf-token': s.csrfToken } });
      assert.equal(options.statusCode, 200, options.body);
      const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
      const registration = { response: key.register(options.json()), name: 'Clé de secours' };
      denial(await post('/api/auth/webauthn/register/verify', registration, { ip, cookies }), 403, 'csrf_failed');
      assert.equal((await database.tenant(tenant.id, (tx) => tx.select().from(webauthnCredentials))).length, 0, 'no key saved');
      const saved = await post('/api/auth/webauthn/register/verify', registration, { ip, cookies, headers: { 'x-csrf-token': s.csrfToken } });
      assert.equal(saved.statusCode, 201, saved.body);
    });

    it('asks for a fresh authentication before adding a second key from a session older than 5 minutes', async () => {
      const ip = newAddress();
      const tenant = await makeTenant(database);
      const agent = await makeAgent(database, tenant.id);
      const s = await makeSession(database, tenant.id, agent.id);
      const cookies = { [SESSION]: s.cookie.split('=')[1]! };
      const headers = { 'x-csrf-token': s.csrfToken };
      // Fresh: options are given.
      const fresh = await post('/api/auth/webauthn/register/options', {}, { ip, cookies, headers });
      assert.equal(fresh.statusCode, 200, fresh.body);
      // Six minutes later, neither options nor the finished registration.
      await database.tenant(tenant.id, (tx) =>
        tx.update(sessions).set({ authenticatedAt: new Date(Date.now() - 6 * 60_000) }).where(eq(sessions.id, s.sessionId)),
      );
      denial(await post('/api/auth/webauthn/register/options', {}, { ip, cookies, headers }), 403, 'reauthentication_required');
      const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
      const late = await post('/api/auth/webauthn/register/verify', { response: key.register(fresh.json()) }, { ip, cookies, headers });
      denial(late, 403, 'reauthentication_required');
      const saved = await database.tenant(tenant.id, (tx) => tx.select().from(webauthnCredentials).where(eq(webauthnCredentials.agentId, agent.id)));
      assert.equal(saved.length, 0);
    });
  });

  it('refuses every pre-session POST from another origin (403)', async () => {
    const ip = newAddress();
    const { tenantId, agent, key } = await agentWithKey(ip);
    const headers = { origin: EVIL_ORIGIN };
    const options = await loginOptions(ip);
    const assertion = key.assert(options);
    const stranger = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const requests: [string, unknown][] = [
      ['/api/auth/webauthn/login/options', {}],
      ['/api/auth/webauthn/login/verify', assertion],
      ['/api/auth/webauthn/register/options', {}],
      ['/api/auth/webauthn/register/verify', { response: stranger.register({ challenge: options.challenge, rp: {}, user: { id: 'AAAA' } }) }],
      ['/api/auth/password-totp/verify', { login: agent.email, password: 'Goémon vert sous la digue 7', code: '123456' }],
      ['/api/auth/unblock', { login: agent.email, code: 'ACDEF-GHJKM' }],
    ];
    for (const [url, payload] of requests) {
      const res = await post(url, payload, { ip, headers });
      denial(res, 403, 'forbidden');
      assert.equal(res.cookies.find((c) => c.name === SESSION), undefined, url);
    }
    // The refusal changed nothing: the same assertion from our origin logs in.
    const same = await post('/api/auth/webauthn/login/verify', assertion, { ip, headers: { origin: TEST_ORIGIN } });
    assert.equal(same.statusCode, 200, same.body);
    assert.equal((await agentRow(tenantId, agent.id)).failedAttempts, 0);
  });

  it('gives login options for an empty body and for {}: user verification required, no credential listed', async () => {
    const ip = newAddress();
    const variants = [
      await app.inject({ method: 'POST', url: '/api/auth/webauthn/login/options', remoteAddress: ip }),
      await app.inject({ method: 'POST', url: '/api/auth/webauthn/login/options', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: '' }),
      await post('/api/auth/webauthn/login/options', {}, { ip }),
    ];
    const challenges = new Set<string>();
    for (const res of variants) {
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.userVerification, 'required');
      assert.equal(body.allowCredentials?.length ?? 0, 0);
      assert.equal(body.rpId, 'localhost');
      assert.match(body.challenge, /^[A-Za-z0-9_-]{22,}$/);
      challenges.add(body.challenge);
    }
    assert.equal(challenges.size, variants.length, 'a new challenge each time');
  });

  it('slows an address down after its free failures: 429 with Retry-After', async () => {
    const ip = newAddress();
    const stranger = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    for (let i = 0; i < limits.throttleFreeFailures; i++) authFailed((await login(stranger, ip)).res);
    // The free failures do not slow the address down yet.
    const options = await loginOptions(ip);
    authFailed(await post('/api/auth/webauthn/login/verify', stranger.assert(options), { ip }));
    // One past the free failures: the address now waits, on every pre-session endpoint.
    for (const url of ['/api/auth/webauthn/login/options', '/api/auth/webauthn/register/options']) {
      const res = await post(url, {}, { ip });
      const body = denial(res, 429, 'throttled');
      const retryAfter = Number(res.headers['retry-after']);
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${res.headers['retry-after']}`);
      assert.equal(body.retryAfterSeconds, retryAfter);
    }
    // Another address is not slowed down.
    assert.equal((await post('/api/auth/webauthn/login/options', {}, { ip: newAddress() })).statusCode, 200);
  });
});
