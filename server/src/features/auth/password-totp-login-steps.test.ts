// Steps of the password + TOTP login alone (password-totp-login.ts), each run over a
// context built by hand, in a real tenant transaction where the step writes (a strike).
// The whole flow over HTTP is in password-totp-denials.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hash as hashArgon2 } from '@node-rs/argon2';
import { and, eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { limits } from '@estran/contracts';
import { createTestDatabase, makeAgent, makeTenant } from '../../../test/index.ts';
import type { Database, Tx } from '../../db/client.ts';
import { agents, auditEvents, passwordCredentials, throttleCounters, totpCredentials } from '../../db/schema.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { readAuthSettings } from './auth-settings.ts';
import {
  loginInTenant,
  matchTotpStep,
  passwordTotpLoginSteps,
  passwordTotpTenantSteps,
  refuseSuspended,
  refuseWithoutBothFactors,
  refuseWrongTotpCode,
  type PasswordTotpContext,
  type PasswordTotpOutcome,
  type PasswordTotpTenantContext,
} from './password-totp-login.ts';
import { throttleKeys } from './throttle.ts';

const codeAt = (secret: string, timestamp: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: limits.totpPeriodSeconds, digits: 6, algorithm: 'SHA1' }).generate({ timestamp });

describe('password + TOTP login steps, alone', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  let lastOctet = 0;
  const newAddress = () => `192.0.2.${++lastOctet}`;

  /** A fresh agent with a password and a TOTP secret, and the outer context of their login. */
  async function agentWithFactors(input: { status?: 'active' | 'suspended'; password?: string; lastUsedStep?: number } = {}) {
    const tenant = await makeTenant(database);
    const agent = await makeAgent(database, tenant.id);
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    const password = input.password ?? 'correct horse battery staple';
    await database.tenant(tenant.id, async (tx) => {
      await tx.insert(passwordCredentials).values({ agentId: agent.id, tenantId: tenant.id, hash: await hashArgon2(password) });
      await tx.insert(totpCredentials).values({ agentId: agent.id, tenantId: tenant.id, secret, lastUsedStep: input.lastUsedStep ?? 0 });
      if (input.status) await tx.update(agents).set({ status: input.status }).where(eq(agents.id, agent.id));
    });
    const login = agent.email.toLowerCase();
    const ip = newAddress();
    const ctx = (typed: { password?: string; code?: string }): PasswordTotpContext => ({
      database,
      input: { login, password: typed.password ?? password, code: typed.code ?? codeAt(secret, Date.now()) },
      meta: { ip },
      perMinute: 1000,
      login,
      addressKey: throttleKeys.address(ip),
      tenantId: tenant.id,
      accountKeys: [throttleKeys.account(tenant.id, login), throttleKeys.accountAddress(tenant.id, login, ip)],
    });
    return { tenantId: tenant.id, agentId: agent.id, secret, ctx };
  }

  /** Runs one tenant step the way loginInTenant does, after the steps before it, in the tenant's transaction. */
  async function runTenantStep<T>(
    outer: PasswordTotpContext,
    fill: (tx: Tx) => Promise<Partial<PasswordTotpTenantContext>>,
    step: (ctx: PasswordTotpTenantContext) => T,
  ): Promise<{ result: Awaited<T>; ctx: PasswordTotpTenantContext }> {
    const tenantId = outer.tenantId!;
    return database.tenant(tenantId, async (tx) => {
      const ctx: PasswordTotpTenantContext = { ...outer, tx, tenantId, accountKeys: outer.accountKeys!, ...(await fill(tx)) };
      return { result: await step(ctx), ctx };
    });
  }
  const factorsOf = async (tx: Tx, tenantId: string, agentId: string) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId));
    const [password] = await tx.select().from(passwordCredentials).where(eq(passwordCredentials.agentId, agentId));
    const [totp] = await tx.select().from(totpCredentials).where(eq(totpCredentials.agentId, agentId));
    return { settings: await readAuthSettings(tx, tenantId), agent: agent!, password: password!, totp: totp! };
  };
  const strikeReasons = async (tenantId: string, agentId: string) =>
    (
      await database.tenant(tenantId, (tx) =>
        tx.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.action, 'auth.strike'), eq(auditEvents.targetId, agentId))),
      )
    ).map((e) => e.data.reason);
  const failures = async (key: string) =>
    (await database.global((db) => db.select().from(throttleCounters).where(eq(throttleCounters.key, key))))[0]?.failures ?? 0;
  const refusal = (outcome: PasswordTotpOutcome | void) => {
    assert.ok(outcome && !outcome.ok, 'a refusal');
    return { status: outcome.error.status, code: outcome.error.code, slowAccount: outcome.slowAccount ?? false };
  };

  it('lists the steps in order', () => {
    assert.deepEqual(passwordTotpLoginSteps.map((s) => s.name), ['findLoginTenant', 'refuseThrottled', 'refuseUnknownLogin', 'loginInTenant']);
    assert.deepEqual(
      passwordTotpTenantSteps.map((s) => s.name),
      ['readPolicy', 'findFactors', 'refuseWithoutBothFactors', 'refuseLockedOut', 'refuseWrongPassword', 'refuseSuspended', 'refuseWrongTotpCode', 'completeLogin'],
    );
  });

  describe('refuseWrongTotpCode (RFC 6238 §5.2: a code is accepted once)', () => {
    it('counts a replayed code as a strike: 401, not slowed down', async () => {
      const { tenantId, agentId, secret, ctx } = await agentWithFactors();
      const now = Date.now();
      const code = codeAt(secret, now);
      const step = matchTotpStep(secret, code, now)!;
      const { result } = await runTenantStep(
        ctx({ code }),
        async (tx) => {
          const f = await factorsOf(tx, tenantId, agentId);
          return { ...f, totp: { ...f.totp, lastUsedStep: step } }; // as after a login with this very code
        },
        refuseWrongTotpCode,
      );
      assert.deepEqual(refusal(result), { status: 401, code: 'authentication_failed', slowAccount: false });
      assert.deepEqual(await strikeReasons(tenantId, agentId), ['totp_replayed']);
    });

    it('counts a wrong code as a strike', async () => {
      const { tenantId, agentId, secret, ctx } = await agentWithFactors();
      const near = new Set([-2, -1, 0, 1, 2].map((k) => codeAt(secret, Date.now() + k * 30_000)));
      const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !near.has(c))!;
      const { result } = await runTenantStep(ctx({ code: wrong }), (tx) => factorsOf(tx, tenantId, agentId), refuseWrongTotpCode);
      assert.deepEqual(refusal(result), { status: 401, code: 'authentication_failed', slowAccount: false });
      assert.deepEqual(await strikeReasons(tenantId, agentId), ['wrong_totp']);
    });

    it('accepts a fresh code and remembers its step for completeLogin', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const { result, ctx: after } = await runTenantStep(ctx({}), (tx) => factorsOf(tx, tenantId, agentId), refuseWrongTotpCode);
      assert.equal(result, undefined);
      assert.ok(Math.abs(after.step! - Math.floor(Date.now() / 1000 / limits.totpPeriodSeconds)) <= limits.totpWindow);
      assert.deepEqual(await strikeReasons(tenantId, agentId), []);
    });
  });

  describe('refuseSuspended', () => {
    it('refuses a suspended agent (whose password was right): 423 with the helpdesk number, not slowed down', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors({ status: 'suspended' });
      const { result } = await runTenantStep(ctx({}), (tx) => factorsOf(tx, tenantId, agentId), refuseSuspended);
      assert.deepEqual(refusal(result), { status: 423, code: 'suspended', slowAccount: false });
      assert.equal((result as { error: HttpError }).error.extra?.helpdesk, '02 96 00 00 00');
    });
    it('lets an active agent go on', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const { result } = await runTenantStep(ctx({}), (tx) => factorsOf(tx, tenantId, agentId), refuseSuspended);
      assert.equal(result, undefined);
    });
  });

  describe('refuseWithoutBothFactors', () => {
    it('refuses an agent without a TOTP secret, or a tenant that does not allow the method: 401, slowed down', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const noTotp = await runTenantStep(ctx({}), async (tx) => {
        const f = await factorsOf(tx, tenantId, agentId);
        return { settings: f.settings, found: { agent: f.agent, password: f.password, totp: null } };
      }, refuseWithoutBothFactors);
      assert.deepEqual(refusal(noTotp.result), { status: 401, code: 'authentication_failed', slowAccount: true });
      const notAllowed = await runTenantStep(ctx({}), async (tx) => {
        const f = await factorsOf(tx, tenantId, agentId);
        return { settings: { ...f.settings, allowPasswordTotp: false }, found: { agent: f.agent, password: f.password, totp: f.totp } };
      }, refuseWithoutBothFactors);
      assert.deepEqual(refusal(notAllowed.result), { status: 401, code: 'authentication_failed', slowAccount: true });
    });
    it('fills the agent and both factors for the steps after it', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const { result, ctx: after } = await runTenantStep(ctx({}), async (tx) => {
        const f = await factorsOf(tx, tenantId, agentId);
        return { settings: f.settings, found: { agent: f.agent, password: f.password, totp: f.totp } };
      }, refuseWithoutBothFactors);
      assert.equal(result, undefined);
      assert.equal(after.agent?.id, agentId);
      assert.equal(after.totp?.agentId, agentId);
    });
  });

  describe('loginInTenant', () => {
    it('commits the strike of a wrong code, then throws its 401, without slowing the account down', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const outer = ctx({ code: 'abcdef' });
      await assert.rejects(loginInTenant(outer), (e) => e instanceof HttpError && e.status === 401);
      assert.deepEqual(await strikeReasons(tenantId, agentId), ['wrong_totp']);
      for (const key of [outer.addressKey, ...outer.accountKeys!]) assert.equal(await failures(key), 0, key);
    });
    it('slows the address and the account down after a wrong password, with no strike', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const outer = ctx({ password: 'not the password' });
      await assert.rejects(loginInTenant(outer), (e) => e instanceof HttpError && e.status === 401);
      assert.deepEqual(await strikeReasons(tenantId, agentId), []);
      for (const key of [outer.addressKey, ...outer.accountKeys!]) assert.equal(await failures(key), 1, key);
    });
    it('opens a personal session when both factors are right', async () => {
      const { tenantId, agentId, ctx } = await agentWithFactors();
      const { context } = await loginInTenant(ctx({}));
      assert.equal(context.agentId, agentId);
      assert.equal(context.tenantId, tenantId);
      assert.equal(context.trust, 'personal');
    });
  });
});
