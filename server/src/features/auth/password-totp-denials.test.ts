// What the password + TOTP login of personal computers refuses, through the HTTP API,
// with the two factors set up by the real enrolment endpoints and codes computed by
// an authenticator app (otpauth): weak passwords, one factor without the other, replayed
// codes, wrong passwords (slowed down, never suspended), three wrong codes (suspended),
// a tenant that does not allow the method, and unknown logins.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { limits } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, tenants, throttleCounters } from '../../db/schema.ts';

const SESSION = '__Host-estran-session';
const PASSWORD = 'Goémon vert sous la digue 7';
const FRENCH = /[àâçéèêëîïôûùüœ’]|\b(le|la|les|de|des|du|un|une|votre|vous|est|pas|ce|cette|avec|pour|au|introuvable|invalide)\b/i;
const ENGLISH = /\b(the|is|not|found|invalid|error|request|failed|forbidden|unauthorized|too many)\b/i;

/** What the agent's authenticator app shows at `timestamp`. */
const codeAt = (secret: string, timestamp: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' }).generate({ timestamp });

/** The code of the next time step: accepted (±1 step) and newer than the one used at enrolment. */
const nextCode = (secret: string) => codeAt(secret, Date.now() + 30_000);

/** Six digits that match no time step the server could accept now. */
function wrongCode(secret: string): string {
  const near = new Set([-3, -2, -1, 0, 1, 2, 3].map((k) => codeAt(secret, Date.now() + k * 30_000)));
  for (let n = 123456; ; n++) {
    const candidate = String(n % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

describe('password + TOTP: what is refused', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let deskHeaders: Record<string, string>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
    const tenant = await makeTenant(database);
    tenantId = tenant.id;
    await database.operator((tx) => tx.update(tenants).set({ helpdeskPhone: '02 98 11 22 33' }).where(eq(tenants.id, tenantId)));
    const desk = await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] });
    const s = await makeSession(database, tenantId, desk.id);
    deskHeaders = { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };
  });
  after(async () => close());

  let lastOctet = 0;
  const newAddress = () => `203.0.113.${++lastOctet}`;

  const post = (url: string, payload: unknown, ip: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, remoteAddress: ip, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });

  function denial(res: LightMyRequestResponse, status: number, error: string) {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.message, 'string');
    assert.match(body.message, FRENCH, `a French message: ${body.message}`);
    assert.doesNotMatch(body.message, ENGLISH, `a French message: ${body.message}`);
    assert.equal(res.cookies.find((c) => c.name === SESSION), undefined, 'no session cookie');
    return body;
  }

  // Every 401 of a login is the same answer, whatever the cause.
  let failureBody: Record<string, unknown> | null = null;
  function authFailed(res: LightMyRequestResponse) {
    const { requestId: _r, ...body } = denial(res, 401, 'authentication_failed');
    failureBody ??= body;
    assert.deepEqual(body, failureBody, 'every 401 is the same answer');
    assert.equal(res.headers['retry-after'], undefined);
    return body;
  }

  function throttledFor(res: LightMyRequestResponse) {
    const body = denial(res, 429, 'throttled');
    const retryAfter = Number(res.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${res.headers['retry-after']}`);
    assert.equal(body.retryAfterSeconds, retryAfter);
  }

  /** A helpdesk invitation for password + TOTP, its TOTP secret, and the enrolment call. */
  async function invite(agentId: string, ip: string) {
    const issued = await post(`/api/helpdesk/agents/${agentId}/enrolments`, { method: 'password-totp', checks: { callback: true } }, ip, deskHeaders);
    assert.equal(issued.statusCode, 201, issued.body);
    const { token } = issued.json();
    const setup = await post('/api/auth/password-totp/enrol/options', { enrolmentToken: token }, ip);
    assert.equal(setup.statusCode, 200, setup.body);
    const { secret, otpauthUri } = setup.json();
    assert.match(otpauthUri, /^otpauth:\/\/totp\//);
    const enrol = (password: string) =>
      post('/api/auth/password-totp/enrol', { enrolmentToken: token, password, totpSecret: secret, code: codeAt(secret, Date.now()) }, ip);
    return { token, secret: secret as string, enrol };
  }

  /** An agent with a password and a TOTP app. */
  async function enrolled(input: { firstName?: string; lastName?: string; email?: string; tenant?: string } = {}) {
    const tenant = input.tenant ?? tenantId;
    const agent = await makeAgent(database, tenant, input);
    const { secret, enrol } = await invite(agent.id, newAddress());
    const res = await enrol(PASSWORD);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), { login: agent.email });
    return { agent, secret, login: agent.email };
  }

  const verify = (body: Record<string, unknown>, ip: string) => post('/api/auth/password-totp/verify', body, ip);

  async function agentRow(agentId: string, tenant = tenantId) {
    const [row] = await database.tenant(tenant, (tx) => tx.select().from(agents).where(eq(agents.id, agentId)));
    return row!;
  }

  async function strikeReasons(agentId: string) {
    const rows = await database.tenant(tenantId, (tx) =>
      tx
        .select({ data: auditEvents.data })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'auth.strike'), eq(auditEvents.targetId, agentId)))
        .orderBy(auditEvents.seq),
    );
    return rows.map((r) => r.data.reason);
  }

  describe('enrolment', () => {
    it('refuses weak and common passwords (400 weak_password) and keeps the invitation', async () => {
      const agent = await makeAgent(database, tenantId);
      const { enrol } = await invite(agent.id, newAddress());
      for (const password of ['motdepasse123', 'azertyuiop123', 'soleil123456', 'court']) {
        const body = denial(await enrol(password), 400, 'weak_password');
        assert.match(body.message, /Mot de passe trop faible/);
      }
      assert.equal((await enrol(PASSWORD)).statusCode, 201, 'the invitation was not spent by the refusals');
    });

    it('refuses a password built on the agent’s own name that it accepts from a colleague', async () => {
      const gwen = await makeAgent(database, tenantId, { firstName: 'Gwenaëlle', lastName: 'Kerbrat', email: 'gwenaelle.kerbrat@lannion.fr' });
      const yann = await makeAgent(database, tenantId, { firstName: 'Yann', lastName: 'Le Goff', email: 'yann.legoff@lannion.fr' });
      for (const password of ['Gwenaelle2024!', 'Kerbrat!2024']) {
        denial(await (await invite(gwen.id, newAddress())).enrol(password), 400, 'weak_password');
        assert.equal((await (await invite(yann.id, newAddress())).enrol(password)).statusCode, 201, `${password} is fine for Yann`);
      }
    });

    it('refuses the agent’s full name or login as a password', async () => {
      const agent = await makeAgent(database, tenantId, { firstName: 'Maëlys', lastName: 'Quéré', email: 'maelys.quere@lannion.fr' });
      const accepted: string[] = [];
      for (const password of ['Maëlys Quéré', 'maelys.quere', 'Maelys.Quere']) {
        const res = await (await invite(agent.id, newAddress())).enrol(password);
        if (res.statusCode === 201) accepted.push(password);
        else denial(res, 400, 'weak_password');
      }
      assert.deepEqual(accepted, [], 'passwords that are the agent’s own name or login are refused');
    });
  });

  it('refuses a password without its code: missing field (400), wrong code (401 and a strike)', async () => {
    const { agent, secret, login } = await enrolled();
    const ip = newAddress();
    const missing = await verify({ login, password: PASSWORD }, ip);
    denial(missing, 400, 'invalid_request');
    assert.equal((await agentRow(agent.id)).failedAttempts, 0, 'an invalid request is no strike');

    authFailed(await verify({ login, password: PASSWORD, code: wrongCode(secret) }, ip));
    assert.equal((await agentRow(agent.id)).failedAttempts, 1);
    assert.deepEqual(await strikeReasons(agent.id), ['wrong_totp']);
  });

  it('refuses a right code with a wrong password: no strike, the account is slowed down from any address', async () => {
    const { agent, secret, login } = await enrolled();
    const other = await enrolled();
    // The free failures, each from another address: 401.
    for (let i = 0; i < limits.throttleFreeFailures; i++) {
      authFailed(await verify({ login, password: `${PASSWORD}${i}`, code: nextCode(secret) }, newAddress()));
    }
    // One more, then the account waits — even from a new address, even with both factors right.
    authFailed(await verify({ login, password: 'Ressac-Granit-Heron-47', code: nextCode(secret) }, newAddress()));
    const fresh = newAddress();
    throttledFor(await verify({ login, password: PASSWORD, code: nextCode(secret) }, fresh));
    throttledFor(await verify({ login: login.toUpperCase(), password: PASSWORD, code: nextCode(secret) }, newAddress()));
    // It is the account that waits, not that address: another account logs in from it.
    const colleague = await verify({ login: other.login, password: PASSWORD, code: nextCode(other.secret) }, fresh);
    assert.equal(colleague.statusCode, 200, colleague.body);

    const row = await agentRow(agent.id);
    assert.equal(row.failedAttempts, 0, 'wrong passwords are no strike');
    assert.equal(row.status, 'active');
    assert.deepEqual(await strikeReasons(agent.id), []);
  });

  it('accepts a code once: the same code again is refused and counted as a strike', async () => {
    const { agent, secret, login } = await enrolled();
    const ip = newAddress();
    const code = nextCode(secret);
    const first = await verify({ login, password: PASSWORD, code }, ip);
    assert.equal(first.statusCode, 200, first.body);
    authFailed(await verify({ login, password: PASSWORD, code }, ip));
    assert.equal((await agentRow(agent.id)).failedAttempts, 1);
    assert.deepEqual(await strikeReasons(agent.id), ['totp_replayed']);
  });

  it('never suspends for wrong passwords (10 from various addresses)', async () => {
    const { agent, secret, login } = await enrolled();
    for (let i = 0; i < 10; i++) {
      // Time passes between attempts: the account's growing delay has run out.
      await database.global((db) =>
        db.update(throttleCounters).set({ blockedUntil: new Date(Date.now() - 1000) }).where(like(throttleCounters.key, `acct%:${login.toLowerCase()}%`)),
      );
      authFailed(await verify({ login, password: `Mauvais mot de passe ${i}`, code: nextCode(secret) }, newAddress()));
    }
    const row = await agentRow(agent.id);
    assert.equal(row.status, 'active');
    assert.equal(row.failedAttempts, 0);
    assert.deepEqual(await strikeReasons(agent.id), []);
  });

  it('suspends after three right passwords with wrong codes (423 with the tenant’s helpdesk number)', async () => {
    const { agent, secret, login } = await enrolled();
    const ip = newAddress();
    // A session opened earlier ends with the suspension.
    const opened = await verify({ login, password: PASSWORD, code: nextCode(secret) }, ip);
    assert.equal(opened.statusCode, 200, opened.body);
    const cookie = opened.cookies.find((c) => c.name === SESSION)!.value;

    authFailed(await verify({ login, password: PASSWORD, code: wrongCode(secret) }, ip));
    authFailed(await verify({ login, password: PASSWORD, code: wrongCode(secret) }, ip));
    const third = denial(await verify({ login, password: PASSWORD, code: wrongCode(secret) }, ip), 423, 'suspended');
    assert.equal(third.helpdesk, '02 98 11 22 33');
    assert.match(third.message, /02 98 11 22 33/);
    const row = await agentRow(agent.id);
    assert.equal(row.status, 'suspended');
    const session = await app.inject({ method: 'GET', url: '/api/auth/session', cookies: { [SESSION]: cookie } });
    assert.equal(session.statusCode, 401);
    // Suspended: the right password is told to call the helpdesk, whatever the code.
    denial(await verify({ login, password: PASSWORD, code: nextCode(secret) }, newAddress()), 423, 'suspended');
  });

  it('refuses even right factors when the tenant does not allow password + TOTP (401)', async () => {
    const tenant = await makeTenant(database);
    const desk = await makeAgent(database, tenant.id, { roles: ['agent', 'helpdesk'] });
    const s = await makeSession(database, tenant.id, desk.id);
    const agent = await makeAgent(database, tenant.id);
    const issued = await post(`/api/helpdesk/agents/${agent.id}/enrolments`, { method: 'password-totp', checks: { callback: true } }, newAddress(), {
      cookie: s.cookie,
      'x-csrf-token': s.csrfToken,
      origin: TEST_ORIGIN,
    });
    const { token } = issued.json();
    const { secret } = (await post('/api/auth/password-totp/enrol/options', { enrolmentToken: token }, newAddress())).json();
    const enrol = await post('/api/auth/password-totp/enrol', { enrolmentToken: token, password: PASSWORD, totpSecret: secret, code: codeAt(secret, Date.now()) }, newAddress());
    assert.equal(enrol.statusCode, 201, enrol.body);

    await database.operator((tx) => tx.update(tenants).set({ settings: { auth: { allowPasswordTotp: false } } }).where(eq(tenants.id, tenant.id)));
    authFailed(await verify({ login: agent.email, password: PASSWORD, code: nextCode(secret) }, newAddress()));
    // Allowed again, the same factors open a session: the refusal was the policy's.
    await database.operator((tx) => tx.update(tenants).set({ settings: { auth: { allowPasswordTotp: true } } }).where(eq(tenants.id, tenant.id)));
    const ok = await verify({ login: agent.email, password: PASSWORD, code: nextCode(secret) }, newAddress());
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('opens a session of trust “personal” with both factors right', async () => {
    const { agent, secret, login } = await enrolled();
    const res = await verify({ login: `  ${login.toUpperCase()} `, password: PASSWORD, code: nextCode(secret) }, newAddress());
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().trust, 'personal');
    assert.equal(res.json().agent.id, agent.id);
    const cookie = res.cookies.find((c) => c.name === SESSION)!;
    assert.ok(cookie.httpOnly && cookie.secure && cookie.sameSite === 'Strict');
    const session = await app.inject({ method: 'GET', url: '/api/auth/session', cookies: { [SESSION]: cookie.value } });
    assert.equal(session.statusCode, 200, session.body);
    assert.equal(session.json().trust, 'personal');
  });

  it('throttles an unknown login exactly as a real one: no oracle of which logins exist (issue 15, finding 11)', async () => {
    const { secret, login } = await enrolled();
    const unknown = 'personne.absente@lannion.fr';
    const outcomes: Record<string, number[]> = {};
    for (const who of [login, unknown]) {
      const ip = newAddress();
      const statuses: number[] = [];
      for (let i = 0; i <= limits.throttleFreeFailures; i++) statuses.push((await verify({ login: who, password: `Faux-${i}-mot-de-passe`, code: nextCode(secret) }, ip)).statusCode);
      // The 5th attempt, from an address never seen.
      statuses.push((await verify({ login: who, password: `Faux-mot-de-passe`, code: nextCode(secret) }, newAddress())).statusCode);
      outcomes[who === login ? 'real' : 'unknown'] = statuses;
    }
    assert.deepEqual(outcomes.unknown, outcomes.real);
    assert.equal(outcomes.real!.at(-1), 429);
  });

  it('answers an unknown login exactly as a wrong password', async () => {
    const { secret, login } = await enrolled();
    const wrongPassword = await verify({ login, password: 'Ressac-Granit-Heron-47', code: nextCode(secret) }, newAddress());
    const unknown = await verify({ login: 'personne.inconnue@lannion.fr', password: 'Ressac-Granit-Heron-47', code: '123456' }, newAddress());
    const a = authFailed(wrongPassword);
    const b = authFailed(unknown);
    assert.deepEqual(b, a);
    assert.deepEqual(Object.keys(unknown.json()).sort(), Object.keys(wrongPassword.json()).sort());
  });
});
