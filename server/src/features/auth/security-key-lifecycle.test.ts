// The whole life of a security key through the HTTP API, with a software authenticator:
// enrolment from an invitation, login, three rejected assertions and suspension, the
// helpdesk unblock procedure, and login again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents } from '../../db/schema.ts';
import { createEnrolment } from './index.ts';

describe('security key lifecycle', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
  });
  after(async () => close());

  let address = '192.0.2.10';
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: address, headers: { 'content-type': 'application/json', ...headers } });

  async function login(key: SoftwareAuthenticator, tweak: Parameters<SoftwareAuthenticator['assert']>[1] = {}) {
    const options = await post('/api/auth/webauthn/login/options', {});
    assert.equal(options.statusCode, 200, options.body);
    const body = options.json();
    assert.equal(body.userVerification, 'required');
    assert.equal(body.allowCredentials?.length ?? 0, 0);
    const response = key.assert(body, tweak);
    return { res: await post('/api/auth/webauthn/login/verify', response), response };
  }

  it('enrols from an invitation, logs in, is suspended after three strikes, unblocked by the helpdesk', async () => {
    const tenant = await makeTenant(database);
    const claire = await makeAgent(database, tenant.id, { email: 'claire@lannion.fr' });
    const sophie = await makeAgent(database, tenant.id, { roles: ['agent', 'helpdesk'] });
    const { token } = await database.tenant(tenant.id, (tx) =>
      createEnrolment(tx, { tenantId: tenant.id, agentId: claire.id, purpose: 'security-key', actor: { type: 'agent', id: sophie.id } }),
    );

    // Enrolment.
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const regOptions = await post('/api/auth/webauthn/register/options', { enrolmentToken: token });
    assert.equal(regOptions.statusCode, 200, regOptions.body);
    const creation = regOptions.json();
    assert.equal(creation.authenticatorSelection.residentKey, 'required');
    assert.equal(creation.authenticatorSelection.userVerification, 'required');
    const registered = await post('/api/auth/webauthn/register/verify', { enrolmentToken: token, name: 'Clé bleue', response: key.register(creation) });
    assert.equal(registered.statusCode, 201, registered.body);
    assert.deepEqual(registered.json(), { credentialId: key.id, name: 'Clé bleue' });
    const again = await post('/api/auth/webauthn/register/options', { enrolmentToken: token });
    assert.equal(again.statusCode, 410, 'an invitation is single use');

    // Login.
    const { res: ok, response: used } = await login(key);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().agent.id, claire.id);
    assert.equal(ok.json().trust, 'personal');
    const cookie = ok.cookies.find((c) => c.name === '__Host-estran-session')!;
    assert.ok(cookie.httpOnly && cookie.secure && cookie.sameSite === 'Strict' && cookie.path === '/');
    const session = await app.inject({ method: 'GET', url: '/api/auth/session', cookies: { '__Host-estran-session': cookie.value } });
    assert.equal(session.statusCode, 200);

    // Replaying the same assertion: its challenge is gone.
    const replay = await post('/api/auth/webauthn/login/verify', used);
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error, 'authentication_failed');

    // Three assertions her key signed but the server rejects suspend her.
    assert.equal((await login(key, { rpId: 'estran.example.net' })).res.statusCode, 401);
    assert.equal((await login(key, { userVerified: false })).res.statusCode, 401);
    const third = (await login(key, { origin: 'https://phishing.example' })).res;
    assert.equal(third.statusCode, 423);
    assert.equal(third.json().error, 'suspended');
    assert.equal(third.json().helpdesk, '02 96 00 00 00');
    assert.match(third.json().message, /Appelez l’assistance au 02 96 00 00 00/);
    // Her open session ended with the suspension, and even a good assertion is refused.
    const ended = await app.inject({ method: 'GET', url: '/api/auth/session', cookies: { '__Host-estran-session': cookie.value } });
    assert.equal(ended.statusCode, 401);
    assert.equal((await login(key)).res.statusCode, 423);

    // The helpdesk checks her identity and issues a code; she types it.
    const desk = await makeSession(database, tenant.id, sophie.id);
    const headers = { cookie: desk.cookie, 'x-csrf-token': desk.csrfToken, origin: TEST_ORIGIN };
    const incomplete = await post(`/api/helpdesk/agents/${claire.id}/unblock-code`, { checks: {} }, headers);
    assert.equal(incomplete.statusCode, 400, 'the required call-back is not ticked');
    const issued = await post(`/api/helpdesk/agents/${claire.id}/unblock-code`, { checks: { callback: true } }, headers);
    assert.equal(issued.statusCode, 201, issued.body);
    const { code } = issued.json();
    assert.match(code, /^[ACDEFGHJKMNPQRTUVWXY34679]{5}-[ACDEFGHJKMNPQRTUVWXY34679]{5}$/);
    assert.equal((await post('/api/auth/unblock', { login: 'claire@lannion.fr', code: 'AAAAA-AAAAA' })).statusCode, 401);
    const unblocked = await post('/api/auth/unblock', { login: 'Claire@Lannion.fr', code: code.toLowerCase() });
    assert.equal(unblocked.statusCode, 200, unblocked.body);
    assert.equal((await post('/api/auth/unblock', { login: 'claire@lannion.fr', code })).statusCode, 401, 'single use');
    // That was this address's fourth failure: it now waits (growing delays).
    const slowed = await post('/api/auth/webauthn/login/options', {});
    assert.equal(slowed.statusCode, 429);
    assert.ok(Number(slowed.headers['retry-after']) >= 1);

    address = '192.0.2.11';
    const back = await login(key);
    assert.equal(back.res.statusCode, 200, back.res.body);
    const [state] = await database.tenant(tenant.id, (tx) => tx.select().from(agents).where(eq(agents.id, claire.id)));
    assert.equal(state!.status, 'active');
    assert.equal(state!.failedAttempts, 0);

    const actions = (await database.tenant(tenant.id, (tx) => tx.select({ action: auditEvents.action, actor: auditEvents.actorId }).from(auditEvents).orderBy(auditEvents.seq))).map((e) => e.action);
    for (const a of ['enrolment.created', 'key.enrolled', 'auth.login', 'auth.strike', 'agent.suspended', 'unblock.code_issued', 'unblock.code_wrong', 'agent.unblocked']) {
      assert.ok(actions.includes(a), `audit has ${a}`);
    }
  });
});
