// Login for personal computers without a key: a password (Argon2id) AND a TOTP code
// (RFC 6238), both required, with the reduced `personal` trust level. Never a session
// on one factor; never a message saying which factor was wrong.
//
// Steps of loginWithPasswordTotp:
//   1. the address and the account are not throttled                          → 429
//   2. the login is in the directory, its tenant allows password + TOTP        → 401
//   3. the agent has both a password and a TOTP secret                          → 401
//   4. the agent is not locked out                                             → 429
//   5. the password is right (Argon2id verify); if not, the account and the
//      address are slowed down (growing delays), and no strike is counted:
//      anyone can type a name                                                  → 401
//   6. the agent is not suspended (a right password is needed to learn it)     → 423
//   7. the TOTP code matches a step within ±1 and is newer than the last one
//      used (a code is accepted once, RFC 6238 §5.2); if not: a strike         → 401 / 423
//   8. strikes cleared, the step remembered, a `personal` session created      → 200
import { hash as hashArgon2, verify as verifyArgon2 } from '@node-rs/argon2';
import { and, eq, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { limits } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { loginDirectory, passwordCredentials, totpCredentials } from './schema.ts';
import { agents } from '../org/schema.ts';
import { authenticationFailed, suspended, throttled, type HttpError } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { readAuthSettings } from './auth-settings.ts';
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

type Outcome = { ok: true; cookie: string; context: SessionContext } | { ok: false; error: HttpError; slowAccount?: boolean };

export async function loginWithPasswordTotp(
  database: Database,
  input: { login: string; password: string; code: string },
  meta: RequestMeta,
  perMinute: number,
): Promise<{ cookie: string; context: SessionContext }> {
  const login = input.login.toLowerCase();
  const addressKey = throttleKeys.address(meta.ip);

  const [entry] = await database.global((db) => db.select().from(loginDirectory).where(eq(loginDirectory.login, login)));
  const tenantId = entry?.tenantId ?? null;
  // An unknown login has account counters too, under a scope no tenant id can be: the
  // throttle then answers alike whether or not the login exists (issue 15, finding 11:
  // a 5th failure from a new address was a 429 for a real login, a 401 for an unknown one).
  const scope = tenantId ?? 'unknown';
  const accountKeys = [throttleKeys.account(scope, login), throttleKeys.accountAddress(scope, login, meta.ip)];
  await checkThrottle(database, { keys: [addressKey, ...accountKeys], address: meta.ip, perMinute });
  if (!tenantId) {
    await burnPasswordCheck(input.password);
    await recordThrottleFailure(database, [addressKey, ...accountKeys]);
    throw authenticationFailed();
  }

  const outcome = await database.tenant(tenantId, async (tx): Promise<Outcome> => {
    const settings = await readAuthSettings(tx, tenantId);
    const [row] = await tx
      .select({ agent: agents, password: passwordCredentials, totp: totpCredentials })
      .from(agents)
      .leftJoin(passwordCredentials, eq(passwordCredentials.agentId, agents.id))
      .leftJoin(totpCredentials, eq(totpCredentials.agentId, agents.id))
      .where(sql`lower(${agents.email}) = ${login}`);
    if (!settings.allowPasswordTotp || !row || !row.password || !row.totp) {
      await burnPasswordCheck(input.password);
      return { ok: false, error: authenticationFailed(), slowAccount: true };
    }
    const { agent, password, totp } = row;
    if (agent.lockedUntil && agent.lockedUntil.getTime() > Date.now()) {
      return { ok: false, error: throttled(Math.ceil((agent.lockedUntil.getTime() - Date.now()) / 1000)) };
    }
    const passwordRight = await verifyArgon2(password.hash, input.password).catch(() => false);
    if (!passwordRight) return { ok: false, error: authenticationFailed(), slowAccount: true };
    if (agent.status !== 'active') return { ok: false, error: suspended(settings.helpdeskPhone) };

    const step = matchTotpStep(totp.secret, input.code);
    if (step === null || step <= totp.lastUsedStep) {
      const result = await recordStrike(tx, {
        tenantId,
        agentId: agent.id,
        settings,
        reason: step === null ? 'wrong_totp' : 'totp_replayed',
        requestId: meta.requestId,
        ip: meta.ip,
      });
      if (result.kind === 'suspended') return { ok: false, error: suspended(settings.helpdeskPhone) };
      if (result.kind === 'locked') return { ok: false, error: throttled(result.seconds) };
      return { ok: false, error: authenticationFailed() };
    }

    await tx.update(totpCredentials).set({ lastUsedStep: step }).where(and(eq(totpCredentials.agentId, agent.id)));
    await clearStrikes(tx, agent.id, agent.failedAttempts);
    await clearThrottle(tx, accountKeys);
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
    };
  });
  if (!outcome.ok) {
    if (outcome.slowAccount) await recordThrottleFailure(database, [addressKey, ...accountKeys]);
    throw outcome.error;
  }
  return outcome;
}

