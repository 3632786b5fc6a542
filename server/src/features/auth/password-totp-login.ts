// Login for personal computers without a key: a password (Argon2id) AND a TOTP code
// (RFC 6238), both required, with the reduced `personal` trust level. Never a session
// on one factor; never a message saying which factor was wrong.
//
// loginWithPasswordTotp runs `passwordTotpLoginSteps`, whose last step runs
// `passwordTotpTenantSteps` in one transaction of the login's tenant (both below, in
// order). A refusal inside that transaction is returned, not thrown, so that what it
// wrote (a strike, a suspension) commits; it is thrown once the transaction is over,
// and only then are the address and account slowed down when the refusal says so.
import { hash as hashArgon2, verify as verifyArgon2 } from '@node-rs/argon2';
import { and, eq, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { limits } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { loginDirectory, passwordCredentials, totpCredentials } from './schema.ts';
import { agentsJoinedByLogin as agents } from '../org/index.ts';
import { authenticationFailed, suspended, throttled, type HttpError } from '../../platform/http-errors.ts';
import { filled, runSteps, type Steps } from '../../platform/run-steps.ts';
import { recordAudit } from '../audit/index.ts';
import { readAuthSettings, type TenantAuthContext } from './auth-settings.ts';
import { accountDisabled, recordLoginFailure } from './login-failures.ts';
import { createSession, type SessionContext } from './sessions.ts';
import { clearStrikes, recordStrike } from './strikes.ts';
import { checkThrottle, clearThrottle, recordThrottleFailure, throttleKeys } from './throttle.ts';
import type { RequestMeta } from './webauthn-login.ts';

// An Argon2id hash checked when the login is unknown or has no password, so that the
// answer takes the same time whether or not the account exists.
let dummyHash: Promise<string> | null = null;
async function burnPasswordCheck(password: string) {
  dummyHash ??= hashArgon2('estran: no such account');
  await verifyArgon2(await dummyHash, password).catch(() => false);
}

/** The TOTP time step a code matches (±1 step), or null. */
export function matchTotpStep(secret: string, code: string, now = Date.now()): number | null {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: limits.totpPeriodSeconds, digits: 6, algorithm: 'SHA1' });
  const delta = totp.validate({ token: code, timestamp: now, window: limits.totpWindow });
  if (delta === null) return null;
  return Math.floor(now / 1000 / limits.totpPeriodSeconds) + delta;
}

export type PasswordTotpResult = { cookie: string; context: SessionContext };

/** What the tenant transaction ends with: the session, or a refusal thrown after it commits. */
export type PasswordTotpOutcome = { ok: true; result: PasswordTotpResult } | { ok: false; error: HttpError; slowAccount?: boolean };

export type PasswordTotpContext = {
  database: Database;
  input: { login: string; password: string; code: string };
  meta: RequestMeta;
  perMinute: number;
  /** The login as the directory holds it (lower case). */
  login: string;
  addressKey: string;
  /** findLoginTenant: the login's tenant, null when the directory does not know it */
  tenantId?: string | null;
  /** findLoginTenant: the account's throttle counters */
  accountKeys?: string[];
};

type Agent = typeof agents.$inferSelect;
type Password = typeof passwordCredentials.$inferSelect;
type Totp = typeof totpCredentials.$inferSelect;

/** The context of the steps run in the tenant's transaction. */
export type PasswordTotpTenantContext = Omit<PasswordTotpContext, 'tenantId'> & {
  tx: Tx;
  tenantId: string;
  accountKeys: string[];
  /** readPolicy */
  settings?: TenantAuthContext;
  /** findFactors: the agent of that login with what factors they have, null when none */
  found?: { agent: Agent; password: Password | null; totp: Totp | null } | null;
  /** refuseWithoutBothFactors: the agent who has both factors */
  agent?: Agent;
  password?: Password;
  totp?: Totp;
  /** refuseWrongTotpCode: the time step the code matched */
  step?: number;
};

const refusal = (error: HttpError, slowAccount?: true): PasswordTotpOutcome => (slowAccount ? { ok: false, error, slowAccount } : { ok: false, error });

/**
 * The login's tenant, from the directory. An unknown login has account counters too,
 * under a scope no tenant id can be: the throttle then answers alike whether or not the
 * login exists (issue 15, finding 11: a 5th failure from a new address was a 429 for a
 * real login, a 401 for an unknown one).
 */
export async function findLoginTenant(ctx: PasswordTotpContext): Promise<void> {
  const [entry] = await ctx.database.global((db) => db.select().from(loginDirectory).where(eq(loginDirectory.login, ctx.login)));
  ctx.tenantId = entry?.tenantId ?? null;
  const scope = ctx.tenantId ?? 'unknown';
  ctx.accountKeys = [throttleKeys.account(scope, ctx.login), throttleKeys.accountAddress(scope, ctx.login, ctx.meta.ip)];
}

/** The address and the account are not throttled → 429. */
export async function refuseThrottled(ctx: PasswordTotpContext): Promise<void> {
  await checkThrottle(ctx.database, { keys: [ctx.addressKey, ...filled(ctx.accountKeys, 'accountKeys')], address: ctx.meta.ip, perMinute: ctx.perMinute });
}

/** The login is in the directory → 401, the address and account slowed down, after as long as a password check. */
export async function refuseUnknownLogin(ctx: PasswordTotpContext): Promise<void> {
  if (filled(ctx.tenantId, 'tenantId') !== null) return;
  await burnPasswordCheck(ctx.input.password);
  await recordThrottleFailure(ctx.database, [ctx.addressKey, ...filled(ctx.accountKeys, 'accountKeys')]);
  throw authenticationFailed();
}

/** The tenant's policy. */
export async function readPolicy(ctx: PasswordTotpTenantContext): Promise<void> {
  ctx.settings = await readAuthSettings(ctx.tx, ctx.tenantId);
}

/** The agent of that login in the tenant, with their password and TOTP secret if any. */
export async function findFactors(ctx: PasswordTotpTenantContext): Promise<void> {
  const [row] = await ctx.tx
    .select({ agent: agents, password: passwordCredentials, totp: totpCredentials })
    .from(agents)
    .leftJoin(passwordCredentials, eq(passwordCredentials.agentId, agents.id))
    .leftJoin(totpCredentials, eq(totpCredentials.agentId, agents.id))
    .where(sql`lower(${agents.email}) = ${ctx.login}`);
  ctx.found = row ?? null;
}

/** The tenant allows password + TOTP, and the agent has both → 401, slowed down (after as long as a password check). */
export async function refuseWithoutBothFactors(ctx: PasswordTotpTenantContext): Promise<PasswordTotpOutcome | void> {
  const found = filled(ctx.found, 'found');
  if (!filled(ctx.settings, 'settings').allowPasswordTotp || !found || !found.password || !found.totp) {
    await burnPasswordCheck(ctx.input.password);
    return refusal(authenticationFailed(), true);
  }
  ctx.agent = found.agent;
  ctx.password = found.password;
  ctx.totp = found.totp;
}

/** The agent is not locked out (lockout policy) → 429. */
export function refuseLockedOut(ctx: PasswordTotpTenantContext): PasswordTotpOutcome | void {
  const { lockedUntil } = filled(ctx.agent, 'agent');
  if (lockedUntil && lockedUntil.getTime() > Date.now()) return refusal(throttled(Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)));
}

/**
 * The password is right (Argon2id verify). If not → 401, the account and the address
 * slowed down (growing delays), and no strike: anyone can type a name.
 */
export async function refuseWrongPassword(ctx: PasswordTotpTenantContext): Promise<PasswordTotpOutcome | void> {
  const passwordRight = await verifyArgon2(filled(ctx.password, 'password').hash, ctx.input.password).catch(() => false);
  if (!passwordRight) {
    await failure(ctx, 'wrong_password');
    return refusal(authenticationFailed(), true);
  }
}

/** A failure recorded for the helpdesk's view of the agent's history (auth.failure); never a strike. */
function failure(ctx: PasswordTotpTenantContext, reason: 'wrong_password' | 'account_suspended' | 'account_disabled'): Promise<void> {
  return recordLoginFailure(ctx.tx, {
    tenantId: ctx.tenantId,
    agentId: filled(ctx.agent, 'agent').id,
    reason,
    method: 'password-totp',
    ip: ctx.meta.ip,
    requestId: ctx.meta.requestId,
  });
}

/**
 * The agent is not suspended → 423 suspended (call the helpdesk), nor deactivated → 423
 * disabled (see your administrator); a right password is needed to learn either.
 */
export async function refuseSuspended(ctx: PasswordTotpTenantContext): Promise<PasswordTotpOutcome | void> {
  const { status } = filled(ctx.agent, 'agent');
  if (status === 'active') return;
  await failure(ctx, status === 'disabled' ? 'account_disabled' : 'account_suspended');
  return refusal(status === 'disabled' ? accountDisabled() : suspended(filled(ctx.settings, 'settings').helpdeskPhone));
}

/**
 * The TOTP code matches a step within ±1 and is newer than the last one used (a code is
 * accepted once, RFC 6238 §5.2). If not, a strike → 401, or 423 / 429 at the third.
 */
export async function refuseWrongTotpCode(ctx: PasswordTotpTenantContext): Promise<PasswordTotpOutcome | void> {
  const agent = filled(ctx.agent, 'agent');
  const totp = filled(ctx.totp, 'totp');
  const settings = filled(ctx.settings, 'settings');
  const step = matchTotpStep(totp.secret, ctx.input.code);
  if (step === null || step <= totp.lastUsedStep) {
    const result = await recordStrike(ctx.tx, {
      tenantId: ctx.tenantId,
      agentId: agent.id,
      settings,
      reason: step === null ? 'wrong_totp' : 'totp_replayed',
      requestId: ctx.meta.requestId,
      ip: ctx.meta.ip,
    });
    if (result.kind === 'suspended') return refusal(suspended(settings.helpdeskPhone));
    if (result.kind === 'locked') return refusal(throttled(result.seconds));
    return refusal(authenticationFailed());
  }
  ctx.step = step;
}

/** Strikes cleared, the step remembered, the account's counters cleared, audited, a `personal` session created → 200. */
export async function completeLogin(ctx: PasswordTotpTenantContext): Promise<PasswordTotpOutcome> {
  const { tx, tenantId, meta } = ctx;
  const agent = filled(ctx.agent, 'agent');
  const settings = filled(ctx.settings, 'settings');
  await tx.update(totpCredentials).set({ lastUsedStep: filled(ctx.step, 'step') }).where(and(eq(totpCredentials.agentId, agent.id)));
  await clearStrikes(tx, agent.id, agent.failedAttempts);
  await clearThrottle(tx, ctx.accountKeys);
  await recordAudit(tx, tenantId, {
    action: 'auth.login',
    actor: { type: 'agent', id: agent.id },
    target: { type: 'agent', id: agent.id },
    data: { method: 'password-totp', trust: 'personal', ip: meta.ip },
    requestId: meta.requestId,
  });
  const now = new Date();
  const session = await createSession(tx, {
    tenantId,
    agentId: agent.id,
    trust: 'personal',
    method: 'password-totp',
    idleMs: settings.sessionIdleMinutes * 60_000,
    absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
    userAgent: meta.userAgent,
    ip: meta.ip,
    requestId: meta.requestId,
    actor: { type: 'agent', id: agent.id },
  });
  return {
    ok: true,
    result: {
      cookie: session.cookie,
      context: {
        sessionId: session.sessionId,
        tenantId,
        tenantName: settings.tenantName,
        operator: settings.operator,
        agentId: agent.id,
        displayName: `${agent.firstName} ${agent.lastName}`,
        roles: agent.roles,
        trust: 'personal',
        method: 'password-totp',
        authenticatedAt: now,
        expiresAt: session.expiresAt,
        csrfToken: session.csrfToken,
      },
    },
  };
}

/** Steps 3–8, in one transaction of the login's tenant. */
export const passwordTotpTenantSteps: Steps<PasswordTotpTenantContext, PasswordTotpOutcome> = [
  readPolicy,
  findFactors,
  refuseWithoutBothFactors, //  3. the tenant allows password + TOTP, the agent has both    → 401, slowed down
  refuseLockedOut, //           4. the agent is not locked out                              → 429
  refuseWrongPassword, //       5. the password is right (Argon2id); no strike              → 401, slowed down
  refuseSuspended, //           6. the agent is not suspended (→ 423 suspended) nor
  //                               deactivated (→ 423 disabled)
  refuseWrongTotpCode, //       7. the code matches a step within ±1, newer than the last
  //                               used (RFC 6238 §5.2); if not, a strike                   → 401 / 423 / 429
  completeLogin, //             8. strikes cleared, the step remembered, a session          → 200
];

/**
 * Runs passwordTotpTenantSteps in the tenant's transaction, which commits whatever they
 * wrote; then a refusal is thrown, the address and account slowed down if it says so.
 */
export async function loginInTenant(ctx: PasswordTotpContext): Promise<PasswordTotpResult> {
  const tenantId = filled(ctx.tenantId ?? undefined, 'tenantId of a known login');
  const accountKeys = filled(ctx.accountKeys, 'accountKeys');
  const outcome = await ctx.database.tenant(tenantId, (tx) => runSteps(passwordTotpTenantSteps, { ...ctx, tx, tenantId, accountKeys }));
  if (!outcome.ok) {
    if (outcome.slowAccount) await recordThrottleFailure(ctx.database, [ctx.addressKey, ...accountKeys]);
    throw outcome.error;
  }
  return outcome.result;
}

/** The password + TOTP login, in order. */
export const passwordTotpLoginSteps: Steps<PasswordTotpContext, PasswordTotpResult> = [
  findLoginTenant, //     the login's tenant from the directory (the account counters need it)
  refuseThrottled, //     1. the address and the account are not throttled             → 429
  refuseUnknownLogin, //  2. the login is in the directory                             → 401, slowed down
  loginInTenant, //       3–8. passwordTotpTenantSteps, in the tenant's transaction
];

export async function loginWithPasswordTotp(
  database: Database,
  input: { login: string; password: string; code: string },
  meta: RequestMeta,
  perMinute: number,
): Promise<PasswordTotpResult> {
  return runSteps(passwordTotpLoginSteps, { database, input, meta, perMinute, login: input.login.toLowerCase(), addressKey: throttleKeys.address(meta.ip) });
}
