// Steps of the security-key login alone (webauthn-login.ts, verifyLoginSteps), each run
// over a context built by hand, against a real database where the step writes (a strike,
// an address failure). The whole flow over HTTP is in webauthn-denials.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createTestApp, createTestDatabase, makeAgent, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, throttleCounters } from '../../db/schema.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { authSettingsOf } from './auth-settings.ts';
import { createEnrolment } from './create-enrolment.ts';
import {
  refuseCounterRegression,
  refuseLockedOut,
  refuseStolenDevice,
  refuseSuspended,
  refuseUnknownCredential,
  loginOptions,
  verifyLogin,
  verifyLoginSteps,
  type LoginContext,
} from './webauthn-login.ts';

type Agent = NonNullable<LoginContext['agent']>;
type Credential = NonNullable<LoginContext['credential']>;

describe('security-key login steps, alone', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  let lastOctet = 0;
  const newAddress = () => `203.0.113.${++lastOctet}`;

  /** A context as the steps before `refuseLockedOut` leave it, for a fresh agent. */
  async function contextAfterLookup(input: { status?: string; counter?: number; lockedUntil?: string | null } = {}) {
    const tenant = await makeTenant(database);
    const row = await makeAgent(database, tenant.id);
    const ip = newAddress();
    const agent: Agent = {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      roles: row.roles,
      status: input.status ?? 'active',
      failedAttempts: 0,
      lockedUntil: input.lockedUntil ?? null,
    };
    const credential: Credential = { id: crypto.randomUUID(), credentialId: 'Y3JlZA', publicKey: '', counter: input.counter ?? 0, transports: [], revoked: false };
    const ctx: LoginContext = {
      database,
      rp: { rpID: 'localhost', origin: 'http://localhost:3000' },
      response: {} as LoginContext['response'], // read by readChallenge, beginLogin and verifyAssertion only
      meta: { ip },
      perMinute: 1000,
      addressKey: `addr:${ip}`,
      challenge: 'challenge',
      tenantId: tenant.id,
      credential,
      agent,
      settings: authSettingsOf(tenant),
      device: null,
    };
    return { ctx, tenantId: tenant.id, agentId: row.id };
  }

  const strikesOf = async (tenantId: string, agentId: string) => {
    const [row] = await database.tenant(tenantId, (tx) => tx.select({ n: agents.failedAttempts }).from(agents).where(eq(agents.id, agentId)));
    const events = await database.tenant(tenantId, (tx) =>
      tx
        .select({ data: auditEvents.data })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'auth.strike'), eq(auditEvents.targetId, agentId))),
    );
    return { failedAttempts: row!.n, reasons: events.map((e) => e.data.reason) };
  };
  const addressFailures = async (key: string) => {
    const [row] = await database.global((db) => db.select().from(throttleCounters).where(eq(throttleCounters.key, key)));
    return row?.failures ?? 0;
  };
  const refusedWith = (status: number, code: string) => (error: unknown) =>
    error instanceof HttpError && error.status === status && error.code === code;

  it('lists the steps in the order the comment of webauthn-login.ts gives', () => {
    assert.deepEqual(
      verifyLoginSteps.map((s) => s.name),
      [
        'readChallenge',
        'beginLogin',
        'refuseThrottledAddress',
        'refuseUnknownChallenge',
        'refuseUnknownCredential',
        'refuseLockedOut',
        'verifyAssertion',
        'refuseRevokedKey',
        'refuseUnverifiedUser',
        'refuseCounterRegression',
        'refuseSuspended',
        'refuseStolenDevice',
        'completeLogin',
      ],
    );
  });

  describe('refuseCounterRegression (WebAuthn §7.2 step 22)', () => {
    it('counts a strike and an address failure when the counter goes back: 401', async () => {
      const { ctx, tenantId, agentId } = await contextAfterLookup({ counter: 5 });
      ctx.assertion = { newCounter: 3, userVerified: true };
      await assert.rejects(refuseCounterRegression(ctx), refusedWith(401, 'authentication_failed'));
      assert.deepEqual(await strikesOf(tenantId, agentId), { failedAttempts: 1, reasons: ['counter_regression'] });
      assert.equal(await addressFailures(ctx.addressKey), 1);
    });

    it('refuses an unchanged non-zero counter too', async () => {
      const { ctx, tenantId, agentId } = await contextAfterLookup({ counter: 5 });
      ctx.assertion = { newCounter: 5, userVerified: true };
      await assert.rejects(refuseCounterRegression(ctx), refusedWith(401, 'authentication_failed'));
      assert.deepEqual((await strikesOf(tenantId, agentId)).reasons, ['counter_regression']);
    });

    it('lets a counter that moved forward, and a key without counter (both 0), go on', async () => {
      const forward = await contextAfterLookup({ counter: 5 });
      forward.ctx.assertion = { newCounter: 6, userVerified: true };
      assert.equal(await refuseCounterRegression(forward.ctx), undefined);
      const none = await contextAfterLookup({ counter: 0 });
      none.ctx.assertion = { newCounter: 0, userVerified: true };
      assert.equal(await refuseCounterRegression(none.ctx), undefined);
      assert.deepEqual(await strikesOf(forward.tenantId, forward.agentId), { failedAttempts: 0, reasons: [] });
    });

    it('does not count a strike against a suspended agent: 401 only', async () => {
      const { ctx, tenantId, agentId } = await contextAfterLookup({ counter: 5, status: 'suspended' });
      ctx.assertion = { newCounter: 1, userVerified: true };
      await assert.rejects(refuseCounterRegression(ctx), refusedWith(401, 'authentication_failed'));
      assert.deepEqual(await strikesOf(tenantId, agentId), { failedAttempts: 0, reasons: [] });
      assert.equal(await addressFailures(ctx.addressKey), 1);
    });

    it('suspends at the third strike: 423 with the helpdesk number', async () => {
      const { ctx, tenantId, agentId } = await contextAfterLookup({ counter: 5 });
      ctx.assertion = { newCounter: 2, userVerified: true };
      await assert.rejects(refuseCounterRegression(ctx), refusedWith(401, 'authentication_failed'));
      await assert.rejects(refuseCounterRegression(ctx), refusedWith(401, 'authentication_failed'));
      await assert.rejects(refuseCounterRegression(ctx), (e) => refusedWith(423, 'suspended')(e) && (e as HttpError).extra?.helpdesk === '02 96 00 00 00');
      const [row] = await database.tenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.id, agentId)));
      assert.equal(row!.status, 'suspended');
      assert.equal(row!.suspensionReason, 'counter_regression');
    });

    it('says it runs before the step that reads the assertion', async () => {
      const { ctx } = await contextAfterLookup({ counter: 5 });
      await assert.rejects(refuseCounterRegression(ctx), /step order: assertion/);
    });
  });

  describe('refuseSuspended', () => {
    it('refuses a suspended agent with 423 and the helpdesk number, no address failure', async () => {
      const { ctx } = await contextAfterLookup({ status: 'suspended' });
      await assert.rejects(refuseSuspended(ctx), (e) => refusedWith(423, 'suspended')(e) && (e as HttpError).extra?.helpdesk === '02 96 00 00 00');
      assert.equal(await addressFailures(ctx.addressKey), 0);
    });
    it('tells a deactivated agent (a leaver) to see their administrator: 423 disabled', async () => {
      const { ctx } = await contextAfterLookup({ status: 'disabled' });
      await assert.rejects(
        refuseSuspended(ctx),
        (e) => refusedWith(423, 'disabled')(e) && (e as HttpError).message === 'Votre compte a été désactivé : adressez-vous à votre administrateur.',
      );
    });
    it('lets an active agent go on', async () => {
      const { ctx } = await contextAfterLookup();
      assert.equal(await refuseSuspended(ctx), undefined);
    });
  });

  describe('refuseLockedOut', () => {
    it('refuses while the lockout lasts: 429 with the seconds left, no address failure', async () => {
      const { ctx } = await contextAfterLookup({ lockedUntil: new Date(Date.now() + 90_000).toISOString() });
      await assert.rejects(refuseLockedOut(ctx), (e) => {
        const seconds = (e as HttpError).extra?.retryAfterSeconds as number;
        return refusedWith(429, 'throttled')(e) && seconds > 85 && seconds <= 90;
      });
      assert.equal(await addressFailures(ctx.addressKey), 0);
    });
    it('lets an agent whose lockout is over go on', async () => {
      const { ctx } = await contextAfterLookup({ lockedUntil: new Date(Date.now() - 1000).toISOString() });
      assert.equal(await refuseLockedOut(ctx), undefined);
    });
  });

  describe('refuseUnknownCredential', () => {
    it('refuses when auth_login_begin found no key: 401 and an address failure', async () => {
      const { ctx } = await contextAfterLookup();
      ctx.begin = { consumed: true };
      await assert.rejects(refuseUnknownCredential(ctx), refusedWith(401, 'authentication_failed'));
      assert.equal(await addressFailures(ctx.addressKey), 1);
    });
  });

  describe('refuseStolenDevice', () => {
    it('refuses a device declared stolen: 403, wipe', async () => {
      const { ctx } = await contextAfterLookup();
      ctx.device = { id: crypto.randomUUID(), kind: 'managed', revoked: true };
      assert.throws(() => refuseStolenDevice(ctx), (e) => refusedWith(403, 'device_revoked')(e) && (e as HttpError).extra?.wipe === true);
    });
    it('reads the trust level: the device’s kind, else personal', async () => {
      const { ctx } = await contextAfterLookup();
      ctx.device = { id: crypto.randomUUID(), kind: 'thin-client', revoked: false };
      refuseStolenDevice(ctx);
      assert.equal(ctx.trust, 'thin-client');
      ctx.device = null;
      refuseStolenDevice(ctx);
      assert.equal(ctx.trust, 'personal');
    });
  });
});

describe('security-key login: the hot path', () => {
  it('runs its two statements (auth_login_begin, auth_login_complete) and no other query', async () => {
    const { app, database, close } = await createTestApp();
    try {
      const tenant = await makeTenant(database);
      const agent = await makeAgent(database, tenant.id);
      const { token } = await database.tenant(tenant.id, (tx) =>
        createEnrolment(tx, { tenantId: tenant.id, agentId: agent.id, purpose: 'security-key', actor: { type: 'system' } }),
      );
      const key = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
      const post = (url: string, payload: unknown) =>
        app.inject({ method: 'POST', url, remoteAddress: '198.51.100.250', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      const options = await post('/api/auth/webauthn/register/options', { enrolmentToken: token });
      assert.equal((await post('/api/auth/webauthn/register/verify', { enrolmentToken: token, response: key.register(options.json()) })).statusCode, 201);

      const meta = { ip: '198.51.100.251' };
      const response = key.assert((await loginOptions(database, app.config, meta, 1000)) as never);
      const calls: string[] = [];
      const counted = Object.create(database) as Database;
      counted.prepared = (name, text, values) => (calls.push(`prepared ${name}`), database.prepared(name, text, values));
      counted.global = (fn) => (calls.push('global'), database.global(fn));
      counted.tenant = (id, fn) => (calls.push('tenant'), database.tenant(id, fn));
      counted.operator = (fn, o) => (calls.push('operator'), database.operator(fn, o));
      counted.anonymous = (fn) => (calls.push('anonymous'), database.anonymous(fn));
      const { context } = await verifyLogin(counted, app.config, response as never, meta, 1000);
      assert.equal(context.agentId, agent.id);
      assert.deepEqual(calls, ['prepared auth_login_begin', 'prepared auth_login_complete']);
    } finally {
      await close();
    }
  });
});
