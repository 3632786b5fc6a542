// The helpdesk sees the context (issue 17): an agent's logins and login failures with
// their reason in plain French, from where (trust level, browser), pending invitations and
// past unblocks; the reset of the authenticator app (the old password + TOTP refused, a new
// enrolment that works); and what is refused (a plain agent 403, another tenant 404, no
// CSRF token 403, an agent the helpdesk does not manage 403). Through the HTTP API, with a
// software authenticator and codes computed as an authenticator app does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as OTPAuth from 'otpauth';
import type { HelpdeskAuthEvent, Role } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, sessions } from '../../db/schema.ts';
import { createEnrolment } from '../auth/index.ts';

const PASSWORD = 'Goémon vert sous la digue 7';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

const codeAt = (secret: string, timestamp: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' }).generate({ timestamp });

function wrongCode(secret: string): string {
  const near = new Set([-3, -2, -1, 0, 1, 2, 3].map((k) => codeAt(secret, Date.now() + k * 30_000)));
  for (let n = 123456; ; n++) {
    const candidate = String(n % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

describe('helpdesk: the agent’s history and the reset of the authenticator app', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let desk: { id: string; headers: Record<string, string> };
  let admin: { id: string; headers: Record<string, string> };
  let plain: { id: string; headers: Record<string, string> };
  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantId = (await makeTenant(database, { operator: false })).id;
    otherTenantId = (await makeTenant(database)).id;
    desk = await person(tenantId, ['agent', 'helpdesk'], { firstName: 'Hélène', lastName: 'Hotline' });
    admin = await person(tenantId, ['agent', 'admin']);
    plain = await person(tenantId, ['agent']);
  });
  after(async () => close());

  async function person(tenant: string, roles: Role[], names: { firstName?: string; lastName?: string } = {}) {
    const { id } = await makeAgent(database, tenant, { roles, ...names });
    const s = await makeSession(database, tenant, id);
    return { id, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN, 'content-type': 'application/json' } };
  }

  let lastOctet = 0;
  const newAddress = () => `192.0.2.${++lastOctet}`;

  const post = (url: string, payload: unknown, input: { ip?: string; headers?: Record<string, string> } = {}) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: input.ip ?? '127.0.0.1',
      headers: { 'content-type': 'application/json', 'user-agent': FIREFOX_WINDOWS, ...input.headers },
      payload: JSON.stringify(payload),
    });

  const history = async (agentId: string, who = desk): Promise<HelpdeskAuthEvent[]> => {
    const res = await app.inject({ url: `/api/helpdesk/agents/${agentId}/history?pageSize=50`, headers: who.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  };

  async function agentWithKey(ip: string) {
    const agent = await makeAgent(database, tenantId);
    const { token } = await database.tenant(tenantId, (tx) => createEnrolment(tx, { tenantId, agentId: agent.id, purpose: 'security-key', actor: { type: 'system' } }));
    const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const options = await post('/api/auth/webauthn/register/options', { enrolmentToken: token }, { ip });
    const registered = await post('/api/auth/webauthn/register/verify', { enrolmentToken: token, response: key.register(options.json()) }, { ip });
    assert.equal(registered.statusCode, 201, registered.body);
    return { agent, key };
  }

  async function keyLogin(key: SoftwareAuthenticator, ip: string, tweak: Parameters<SoftwareAuthenticator['assert']>[1] = {}) {
    const options = await post('/api/auth/webauthn/login/options', {}, { ip });
    return post('/api/auth/webauthn/login/verify', key.assert(options.json(), tweak), { ip });
  }

  /** Sets up password + TOTP from an invitation token; returns the app's secret. */
  async function enrolPasswordTotp(token: string, ip: string): Promise<string> {
    const setup = await post('/api/auth/password-totp/enrol/options', { enrolmentToken: token }, { ip });
    assert.equal(setup.statusCode, 200, setup.body);
    const { secret } = setup.json();
    const res = await post('/api/auth/password-totp/enrol', { enrolmentToken: token, password: PASSWORD, totpSecret: secret, code: codeAt(secret, Date.now()) }, { ip });
    assert.equal(res.statusCode, 201, res.body);
    return secret;
  }

  async function agentWithPasswordTotp(ip: string) {
    const agent = await makeAgent(database, tenantId);
    const issued = await post(`/api/helpdesk/agents/${agent.id}/enrolments`, { method: 'password-totp', checks: { callback: true } }, { ip, headers: desk.headers });
    assert.equal(issued.statusCode, 201, issued.body);
    return { agent, secret: await enrolPasswordTotp(issued.json().token, ip) };
  }

  const passwordLogin = (login: string, password: string, code: string, ip: string) =>
    post('/api/auth/password-totp/verify', { login, password, code }, { ip });

  it('shows a failed key login with its French reason, and the login before it with trust level and browser', async () => {
    const ip = newAddress();
    const { agent, key } = await agentWithKey(ip);
    assert.equal((await keyLogin(key, ip)).statusCode, 200);
    assert.equal((await keyLogin(key, ip, { origin: 'https://estran-login.example.com' })).statusCode, 401);
    assert.equal((await keyLogin(key, ip, { corruptSignature: true })).statusCode, 401);

    const items = await history(agent.id);
    const [badSignature, wrongOrigin, login] = items;
    assert.equal(badSignature?.kind, 'failure');
    assert.equal(badSignature?.reason, 'bad_signature');
    assert.equal(badSignature?.reasonText, 'signature invalide');
    assert.equal(badSignature?.strikes, null, 'a bad signature is never a strike');
    assert.equal(wrongOrigin?.kind, 'failure');
    assert.equal(wrongOrigin?.reason, 'wrong_origin');
    assert.match(wrongOrigin?.reasonText ?? '', /^mauvaise origine/);
    assert.equal(wrongOrigin?.method, 'security-key');
    assert.equal(wrongOrigin?.strikes, 1);
    assert.equal(wrongOrigin?.ip, ip);
    assert.equal(login?.kind, 'login');
    assert.equal(login?.method, 'security-key');
    assert.equal(login?.trust, 'personal');
    assert.equal(login?.userAgent, FIREFOX_WINDOWS);
    assert.ok(items.every((e, i) => i === 0 || e.at <= items[i - 1]!.at), 'newest first');
  });

  it('names a key signed for another site, a wrong password and a wrong TOTP code', async () => {
    const ip = newAddress();
    const { agent, key } = await agentWithKey(ip);
    assert.equal((await keyLogin(key, ip, { rpId: 'estran.example.net' })).statusCode, 401);
    const [wrongRp] = await history(agent.id);
    assert.equal(wrongRp?.reason, 'wrong_rp_id');

    const other = await agentWithPasswordTotp(ip);
    assert.equal((await passwordLogin(other.agent.email, 'pas le bon mot de passe', codeAt(other.secret, Date.now() + 30_000), ip)).statusCode, 401);
    assert.equal((await passwordLogin(other.agent.email, PASSWORD, wrongCode(other.secret), ip)).statusCode, 401);
    const [wrongTotp, wrongPassword] = await history(other.agent.id);
    assert.deepEqual([wrongTotp?.reason, wrongTotp?.reasonText, wrongTotp?.method, wrongTotp?.strikes], ['wrong_totp', 'code TOTP faux', 'password-totp', 1]);
    assert.deepEqual([wrongPassword?.reason, wrongPassword?.reasonText, wrongPassword?.strikes], ['wrong_password', 'mot de passe faux', null]);
  });

  it('shows the suspension, the unblock with the helpdesk agent who issued the code, and past unblocks in the file', async () => {
    const ip = newAddress();
    const { agent, key } = await agentWithKey(ip);
    for (let i = 0; i < 3; i++) await keyLogin(key, ip, { userVerified: false });
    const issued = await post(`/api/helpdesk/agents/${agent.id}/unblock-code`, { checks: { callback: true } }, { headers: desk.headers });
    assert.equal(issued.statusCode, 201, issued.body);
    const wrong = await post('/api/auth/unblock', { login: agent.email, code: 'AAAAAAAAAA' }, { ip: newAddress() });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.json().message, /Code de déblocage refusé/, 'a wrong unblock code is about the code');
    assert.doesNotMatch(wrong.json().message, /clé|mot de passe/i, 'not about the key nor the password');
    assert.equal((await post('/api/auth/unblock', { login: agent.email, code: issued.json().code }, { ip: newAddress() })).statusCode, 200);

    const kinds = (await history(agent.id)).map((e) => e.kind);
    assert.deepEqual(kinds.slice(0, 6), ['unblocked', 'unblock_code_wrong', 'suspended', 'failure', 'failure', 'failure']);
    const [unblocked] = await history(agent.id);
    assert.equal(unblocked?.byName, 'Hélène Hotline');
    const suspended = (await history(agent.id)).find((e) => e.kind === 'suspended');
    assert.equal(suspended?.reason, 'user_not_verified');

    const file = await app.inject({ url: `/api/helpdesk/agents/${agent.id}`, headers: desk.headers });
    assert.equal(file.statusCode, 200, file.body);
    assert.equal(file.json().unblocks.length, 1);
    assert.equal(file.json().unblocks[0].issuedByName, 'Hélène Hotline');
  });

  it('lists pending invitations and whether the agent has a password + TOTP app', async () => {
    const agent = await makeAgent(database, tenantId);
    const before = (await app.inject({ url: `/api/helpdesk/agents/${agent.id}`, headers: desk.headers })).json();
    assert.deepEqual(before.pendingEnrolments, []);
    assert.equal(before.hasPasswordTotp, false);
    assert.equal((await post(`/api/helpdesk/agents/${agent.id}/enrolments`, { method: 'security-key', checks: { callback: true } }, { headers: desk.headers })).statusCode, 201);
    const after = (await app.inject({ url: `/api/helpdesk/agents/${agent.id}`, headers: desk.headers })).json();
    assert.equal(after.pendingEnrolments.length, 1);
    assert.equal(after.pendingEnrolments[0].purpose, 'security-key');
  });

  describe('resetting the authenticator app', () => {
    it('refuses the old password + TOTP, ends their sessions, and the new enrolment works', async () => {
      const ip = newAddress();
      const { agent, secret } = await agentWithPasswordTotp(ip);
      const opened = await passwordLogin(agent.email, PASSWORD, codeAt(secret, Date.now() + 30_000), ip);
      assert.equal(opened.statusCode, 200, opened.body);
      assert.equal((await app.inject({ url: `/api/helpdesk/agents/${agent.id}`, headers: desk.headers })).json().hasPasswordTotp, true);

      const missingCheck = await post(`/api/helpdesk/agents/${agent.id}/password-totp/reset`, { checks: {} }, { headers: desk.headers });
      assert.equal(missingCheck.statusCode, 400, missingCheck.body);
      assert.match(missingCheck.json().message, /Vérification d’identité incomplète/);

      const reset = await post(`/api/helpdesk/agents/${agent.id}/password-totp/reset`, { checks: { callback: true }, note: 'téléphone perdu' }, { headers: desk.headers });
      assert.equal(reset.statusCode, 201, reset.body);
      const { token, link } = reset.json();
      assert.equal(link, `${TEST_ORIGIN}/enrol#${token}`);

      const open = await database.tenant(tenantId, (tx) =>
        tx.select().from(sessions).where(and(eq(sessions.agentId, agent.id), eq(sessions.method, 'password-totp'))),
      );
      assert.ok(open.length > 0 && open.every((s) => s.revokedAt !== null), 'the sessions opened with password + TOTP ended');

      const old = await passwordLogin(agent.email, PASSWORD, codeAt(secret, Date.now() + 60_000), newAddress());
      assert.equal(old.statusCode, 401, 'the old password and app open nothing');

      const newSecret = await enrolPasswordTotp(token, ip);
      assert.notEqual(newSecret, secret);
      const fresh = await passwordLogin(agent.email, PASSWORD, codeAt(newSecret, Date.now() + 30_000), newAddress());
      assert.equal(fresh.statusCode, 200, fresh.body);

      const [event] = await database.tenant(tenantId, (tx) =>
        tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.password_totp_reset'), eq(auditEvents.targetId, agent.id))),
      );
      assert.ok(event, 'the reset is audited');
      assert.equal(event.actorId, desk.id);
      const data = event.data as Record<string, unknown>;
      assert.equal(data.hadPasswordTotp, true);
      assert.deepEqual((data.identityCheck as Record<string, unknown>).note, 'téléphone perdu');
      const kinds = (await history(agent.id)).map((e) => e.kind);
      assert.ok(kinds.includes('password_totp_reset'));
      assert.equal((await history(agent.id)).find((e) => e.kind === 'password_totp_reset')?.byName, 'Hélène Hotline');
    });

    it('refuses a plain agent (403), an agent the helpdesk does not manage (403), another tenant (404), no CSRF token (403)', async () => {
      const target = await makeAgent(database, tenantId);
      const body = { checks: { callback: true } };
      const url = (id: string) => `/api/helpdesk/agents/${id}/password-totp/reset`;

      const byPlain = await post(url(target.id), body, { headers: plain.headers });
      assert.equal(byPlain.statusCode, 403, byPlain.body);
      const historyByPlain = await app.inject({ url: `/api/helpdesk/agents/${target.id}/history`, headers: plain.headers });
      assert.equal(historyByPlain.statusCode, 403, historyByPlain.body);

      const privileged = await makeAgent(database, tenantId, { roles: ['agent', 'admin'] });
      const onAdmin = await post(url(privileged.id), body, { headers: desk.headers });
      assert.equal(onAdmin.statusCode, 403, onAdmin.body);
      assert.equal((await post(url(privileged.id), body, { headers: admin.headers })).statusCode, 201, 'an administrator may');

      const foreign = await makeAgent(database, otherTenantId);
      for (const id of [foreign.id, '11111111-1111-4111-8111-111111111111']) {
        assert.equal((await post(url(id), body, { headers: desk.headers })).statusCode, 404);
        const h = await app.inject({ url: `/api/helpdesk/agents/${id}/history`, headers: desk.headers });
        assert.equal(h.statusCode, 404, h.body);
        assert.equal(h.json().error, 'not_found');
      }

      const { 'x-csrf-token': _csrf, ...noCsrf } = desk.headers;
      const withoutCsrf = await post(url(target.id), body, { headers: noCsrf });
      assert.equal(withoutCsrf.statusCode, 403, withoutCsrf.body);
      assert.equal(withoutCsrf.json().error, 'csrf_failed');
      const invitations = await database.tenant(tenantId, (tx) =>
        tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.password_totp_reset'), eq(auditEvents.targetId, target.id))),
      );
      assert.deepEqual(invitations, [], 'nothing was reset');
    });
  });

  describe('login failures that say what to do', () => {
    it('tells a leaver presenting their key to see their administrator (423 disabled), never which factor, no strike', async () => {
      const ip = newAddress();
      const { agent, key } = await agentWithKey(ip);
      const off = await post(`/api/admin/agents/${agent.id}/deactivate`, {}, { headers: admin.headers });
      assert.equal(off.statusCode, 200, off.body);
      const res = await keyLogin(key, ip);
      assert.equal(res.statusCode, 423, res.body);
      assert.equal(res.json().error, 'disabled');
      assert.equal(res.json().message, 'Votre compte a été désactivé : adressez-vous à votre administrateur.');
      const [failure] = await history(agent.id);
      assert.deepEqual([failure?.kind, failure?.reason, failure?.reasonText], ['failure', 'account_disabled', 'compte désactivé']);
      const strikes = await database.tenant(tenantId, (tx) =>
        tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.strike'), eq(auditEvents.targetId, agent.id))),
      );
      assert.deepEqual(strikes, []);
    });

    it('tells a deactivated agent with right password + TOTP the same (423 disabled), a wrong password still a plain 401', async () => {
      const ip = newAddress();
      const { agent, secret } = await agentWithPasswordTotp(ip);
      // Deactivation deletes the factors; a row deactivated before that rule still has them.
      await database.tenant(tenantId, (tx) => tx.update(agents).set({ status: 'disabled' }).where(eq(agents.id, agent.id)));
      const wrong = await passwordLogin(agent.email, 'pas le bon mot de passe', codeAt(secret, Date.now() + 30_000), ip);
      assert.equal(wrong.statusCode, 401, 'never which factor, nor the standing, without the right password');
      const res = await passwordLogin(agent.email, PASSWORD, codeAt(secret, Date.now() + 30_000), ip);
      assert.equal(res.statusCode, 423, res.body);
      assert.equal(res.json().error, 'disabled');
      assert.match(res.json().message, /adressez-vous à votre administrateur/);
      const [failure] = await history(agent.id);
      assert.deepEqual([failure?.reason, failure?.method], ['account_disabled', 'password-totp']);
    });

    it('says how to get a new invitation when the link was already used', async () => {
      const ip = newAddress();
      const agent = await makeAgent(database, tenantId);
      const issued = await post(`/api/helpdesk/agents/${agent.id}/enrolments`, { method: 'password-totp', checks: { callback: true } }, { ip, headers: desk.headers });
      const { token } = issued.json();
      await enrolPasswordTotp(token, ip);
      const info = await post('/api/auth/enrolment/info', { token }, { ip });
      assert.equal(info.statusCode, 410, info.body);
      assert.match(info.json().message, /ne fonctionne qu’une fois.*demandez un nouveau lien à l’assistance/);
      const again = await post('/api/auth/password-totp/enrol/options', { enrolmentToken: token }, { ip });
      assert.equal(again.statusCode, 410, again.body);
      assert.match(again.json().message, /Demandez un nouveau lien à l’assistance/);
    });
  });
});
