// Login with a security key (WebAuthn, discoverable credential, user verification
// required: the key checks its PIN itself). The tenant is found from the credential id.
// The hot path is three SQL statements (functions of migration 0002): options, begin,
// complete — bench/login.ts measures it.
//
// verifyLogin runs `verifyLoginSteps` (below), in that order. Each refusal is a 401 that
// never says why, except suspension, lockout and throttling, which the agent must be
// told about. An unknown key and a bad signature count a failure against the address.
//
// Credential ids are not secret (they travel in every login): an assertion signed by any
// other key under a victim's credential id must never count against the victim (issue 15,
// finding 4). A bad signature is throttled like an unknown key.
import { createHash } from 'node:crypto';
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { verifySignature } from '@simplewebauthn/server/helpers';
import type { z } from 'zod';
import { limits, type authenticationResponseJSON, type LoginFailureReason, type Role, type TrustLevel } from '@estran/contracts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { authenticationFailed, suspended, throttled, type HttpError } from '../../platform/http-errors.ts';
import { filled, runSteps, type Steps } from '../../platform/run-steps.ts';
import { auditEvent } from '../audit/index.ts';
import { authSettingsOf, type TenantAuthContext } from './auth-settings.ts';
import { challengeOf } from './challenges.ts';
import { deviceRevoked } from './device-trust.ts';
import { accountDisabled, recordLoginFailure } from './login-failures.ts';
import { relyingParty } from './relying-party.ts';
import { newSessionSecrets, type SessionContext } from './sessions.ts';
import { recordStrike } from './strikes.ts';
import { recordThrottleFailure, throttleKeys } from './throttle.ts';

export type RequestMeta = { ip: string; userAgent?: string | undefined; requestId?: string | undefined; deviceCookie?: string | undefined };

export async function loginOptions(database: Database, config: Config, meta: RequestMeta, perMinute: number) {
  const { rpID } = relyingParty(config);
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required', allowCredentials: [], timeout: 120_000 });
  const [row] = await database.prepared<{ wait: number }>(
    'auth_login_options',
    'select auth_login_options($1, $2, $3, $4, $5) as wait',
    [options.challenge, throttleKeys.address(meta.ip), throttleKeys.rate(meta.ip), perMinute, limits.challengeTtlMs],
  );
  if (row && row.wait > 0) throw throttled(row.wait);
  return options;
}

type Credential = { id: string; credentialId: string; publicKey: string; counter: number; transports: string[]; revoked: boolean };
type Agent = { id: string; firstName: string; lastName: string; roles: Role[]; status: string; failedAttempts: number; lockedUntil: string | null };
type Device = { id: string; kind: 'managed' | 'thin-client'; revoked: boolean };

/** What auth_login_begin answers (migration 0002). */
type Begin = {
  wait?: number;
  consumed?: boolean;
  tenantId?: string;
  credential?: Credential;
  agent?: Agent;
  tenant?: { name: string; isOperator: boolean; helpdeskPhone: string | null; settings: { auth?: unknown } };
  device?: Device | null;
};

export type LoginResult = { cookie: string; context: SessionContext };

/** The context the steps share: the request, then what each step learns (filled in order). */
export type LoginContext = {
  database: Database;
  rp: Pick<ReturnType<typeof relyingParty>, 'rpID' | 'origin'>;
  response: z.infer<typeof authenticationResponseJSON>;
  meta: RequestMeta;
  perMinute: number;
  addressKey: string;
  /** readChallenge */
  challenge?: string;
  /** beginLogin */
  begin?: Begin;
  /** refuseUnknownCredential: the key, its agent and tenant, found from the credential id */
  tenantId?: string;
  credential?: Credential;
  agent?: Agent;
  settings?: TenantAuthContext;
  device?: Device | null;
  /** verifyAssertion: what the key says, once its signature is known good */
  assertion?: { newCounter: number; userVerified: boolean };
  /** refuseStolenDevice */
  trust?: TrustLevel;
};

const publicKeyOf = (credential: { publicKey: string }): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(credential.publicKey, 'base64'));

/** WebAuthn §7.2 step 20: the signature over authenticatorData ‖ SHA-256(clientDataJSON). */
async function signedBy(response: z.infer<typeof authenticationResponseJSON>, publicKey: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    const authData = Buffer.from(response.response.authenticatorData, 'base64url');
    const clientDataHash = createHash('sha256').update(Buffer.from(response.response.clientDataJSON, 'base64url')).digest();
    return await verifySignature({
      signature: new Uint8Array(Buffer.from(response.response.signature, 'base64url')),
      data: new Uint8Array(Buffer.concat([authData, clientDataHash])),
      credentialPublicKey: publicKey,
    });
  } catch {
    return false; // a malformed key, signature or encoding verifies nothing
  }
}

/** The presented device credential's hash; the device is looked up in the key's tenant only. */
function deviceHash(cookie: string | undefined): Buffer | null {
  const parsed = cookie ? parseTenantToken(cookie) : null;
  return parsed ? sha256(parsed.secret) : null;
}

/** Ends the login with this error; a 401 counts a failure against the address. */
async function refuse(ctx: LoginContext, error: HttpError): Promise<never> {
  if (error.code === 'authentication_failed') await recordThrottleFailure(ctx.database, [ctx.addressKey]);
  throw error;
}

/** A fault of the key itself (its signature is good): one strike against its agent. */
async function strike(ctx: LoginContext, reason: LoginFailureReason): Promise<never> {
  const tenantId = filled(ctx.tenantId, 'tenantId');
  const agent = filled(ctx.agent, 'agent');
  const settings = filled(ctx.settings, 'settings');
  const result = await ctx.database.tenant(tenantId, (tx) =>
    recordStrike(tx, { tenantId, agentId: agent.id, settings, reason, requestId: ctx.meta.requestId, ip: ctx.meta.ip }),
  );
  if (result.kind === 'suspended') return refuse(ctx, suspended(settings.helpdeskPhone));
  if (result.kind === 'locked') return refuse(ctx, throttled(result.seconds));
  return refuse(ctx, authenticationFailed());
}

/** A failure recorded for the helpdesk's view of the agent's history; never a strike. */
async function recordFailure(ctx: LoginContext, reason: LoginFailureReason): Promise<void> {
  const tenantId = filled(ctx.tenantId, 'tenantId');
  const agentId = filled(ctx.agent, 'agent').id;
  await ctx.database.tenant(tenantId, (tx) =>
    recordLoginFailure(tx, { tenantId, agentId, reason, method: 'security-key', ip: ctx.meta.ip, requestId: ctx.meta.requestId }),
  );
}

/**
 * A suspended agent's failures are not counted again (recorded only); they learn of the
 * suspension only by presenting a valid assertion (refuseSuspended). A leaver — a
 * deactivated agent, whose keys were revoked — presenting what their key signed is told
 * to see their administrator (423 disabled), never struck.
 */
async function strikeUnlessSuspended(ctx: LoginContext, reason: LoginFailureReason): Promise<never> {
  const { status } = filled(ctx.agent, 'agent');
  if (status === 'disabled') {
    await recordFailure(ctx, 'account_disabled');
    return refuse(ctx, accountDisabled());
  }
  if (status === 'suspended') {
    await recordFailure(ctx, reason);
    return refuse(ctx, authenticationFailed());
  }
  return strike(ctx, reason);
}

/**
 * Why an assertion the key did sign was rejected, for the history (WebAuthn §7.2):
 * step 13, clientDataJSON.origin is not ours (phishing); step 15, the rpIdHash is not
 * SHA-256 of our RP ID; otherwise (type, challenge) plainly rejected.
 */
function rejectionReason(ctx: LoginContext): LoginFailureReason {
  try {
    const clientData = JSON.parse(Buffer.from(ctx.response.response.clientDataJSON, 'base64url').toString('utf8')) as { origin?: unknown };
    if (clientData.origin !== ctx.rp.origin) return 'wrong_origin';
    const rpIdHash = Buffer.from(ctx.response.response.authenticatorData, 'base64url').subarray(0, 32);
    if (!rpIdHash.equals(createHash('sha256').update(ctx.rp.rpID).digest())) return 'wrong_rp_id';
  } catch {
    // unreadable: plainly rejected
  }
  return 'assertion_rejected';
}

/** The challenge the browser signed (in clientDataJSON); unreadable → 401, no statement run. */
export function readChallenge(ctx: LoginContext): void {
  const challenge = challengeOf(ctx.response.response.clientDataJSON);
  if (!challenge) throw authenticationFailed();
  ctx.challenge = challenge;
}

/**
 * The second of the three statements: checks the address's ceiling, consumes the
 * challenge, finds the credential in the directory and its key, agent, tenant and the
 * presented device in that tenant.
 */
export async function beginLogin(ctx: LoginContext): Promise<void> {
  const [row] = await ctx.database.prepared<{ r: Begin }>(
    'auth_login_begin',
    'select auth_login_begin($1, $2, $3, $4, $5, $6) as r',
    [
      filled(ctx.challenge, 'challenge'),
      ctx.response.id,
      ctx.addressKey,
      throttleKeys.rate(ctx.meta.ip),
      ctx.perMinute,
      deviceHash(ctx.meta.deviceCookie),
    ],
  );
  ctx.begin = row!.r;
}

/** The address is under its ceiling and not slowed down → 429. */
export function refuseThrottledAddress(ctx: LoginContext): void {
  const { wait } = filled(ctx.begin, 'begin');
  if (wait) throw throttled(wait);
}

/** The challenge was issued here, is live and unused; auth_login_begin consumed it → 401. */
export function refuseUnknownChallenge(ctx: LoginContext): void {
  if (!filled(ctx.begin, 'begin').consumed) throw authenticationFailed();
}

/** The credential id is in the directory, and its key in that tenant → 401, an address failure. */
export async function refuseUnknownCredential(ctx: LoginContext): Promise<void> {
  const begin = filled(ctx.begin, 'begin');
  if (!begin.tenantId || !begin.credential || !begin.agent || !begin.tenant) return refuse(ctx, authenticationFailed());
  ctx.tenantId = begin.tenantId;
  ctx.credential = begin.credential;
  ctx.agent = begin.agent;
  ctx.settings = authSettingsOf(begin.tenant);
  ctx.device = begin.device ?? null;
}

/** The agent is not locked out (lockout policy) → 429. */
export async function refuseLockedOut(ctx: LoginContext): Promise<void> {
  const { lockedUntil: until } = filled(ctx.agent, 'agent');
  const lockedUntil = until ? new Date(until).getTime() : 0;
  if (lockedUntil > Date.now()) return refuse(ctx, throttled(Math.ceil((lockedUntil - Date.now()) / 1000)));
}

/**
 * The assertion verifies with the credential's public key. SimpleWebAuthn checks the
 * challenge, origin, RP ID, user verification and counter BEFORE the signature. So it is
 * given counter 0 (its own counter check never fires) and no UV requirement, both judged
 * by the steps after this one, once the signature is known good; and when it throws, the
 * signature is verified apart to tell a key's fault (a strike: a revoked key, a wrong
 * challenge, origin or RP ID — phishing) from a forgery (the address is throttled only).
 */
export async function verifyAssertion(ctx: LoginContext): Promise<void> {
  const credential = filled(ctx.credential, 'credential');
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response: ctx.response,
      expectedChallenge: filled(ctx.challenge, 'challenge'),
      expectedOrigin: ctx.rp.origin,
      expectedRPID: ctx.rp.rpID,
      requireUserVerification: false,
      credential: { id: credential.credentialId, publicKey: publicKeyOf(credential), counter: 0, transports: credential.transports as never },
    });
  } catch {
    if (!(await signedBy(ctx.response, publicKeyOf(credential)))) {
      await recordFailure(ctx, 'bad_signature');
      return refuse(ctx, authenticationFailed());
    }
    return strikeUnlessSuspended(ctx, credential.revoked ? 'revoked_key' : rejectionReason(ctx));
  }
  if (!verification.verified) {
    await recordFailure(ctx, 'bad_signature');
    return refuse(ctx, authenticationFailed());
  }
  ctx.assertion = { newCounter: verification.authenticationInfo.newCounter, userVerified: verification.authenticationInfo.userVerified };
}

// Only now — the assertion is what the key (or a clone of it) produced — are its
// faults strikes (unless the agent is suspended already), the first fault found counted.

/** A revoked key signed: a strike. */
export async function refuseRevokedKey(ctx: LoginContext): Promise<void> {
  if (filled(ctx.credential, 'credential').revoked) return strikeUnlessSuspended(ctx, 'revoked_key');
}

/** WebAuthn §7.2 step 17: the key verified its user (PIN or biometrics); if not, a strike. */
export async function refuseUnverifiedUser(ctx: LoginContext): Promise<void> {
  if (!filled(ctx.assertion, 'assertion').userVerified) return strikeUnlessSuspended(ctx, 'user_not_verified');
}

/**
 * WebAuthn §7.2 step 22: when either counter is non-zero, the key's signature counter
 * must be greater than the stored one; a regression betrays a clone → a strike.
 */
export async function refuseCounterRegression(ctx: LoginContext): Promise<void> {
  const { newCounter } = filled(ctx.assertion, 'assertion');
  const storedCounter = Number(filled(ctx.credential, 'credential').counter);
  if ((newCounter > 0 || storedCounter > 0) && newCounter <= storedCounter) return strikeUnlessSuspended(ctx, 'counter_regression');
}

/** The agent is not suspended → 423 suspended (call the helpdesk), nor deactivated → 423 disabled (see your administrator). */
export async function refuseSuspended(ctx: LoginContext): Promise<void> {
  const { status } = filled(ctx.agent, 'agent');
  if (status === 'active') return;
  await recordFailure(ctx, status === 'disabled' ? 'account_disabled' : 'account_suspended');
  return refuse(ctx, status === 'disabled' ? accountDisabled() : suspended(filled(ctx.settings, 'settings').helpdeskPhone));
}

/** The device is not declared stolen (→ 403, wipe); its trust level is read. */
export function refuseStolenDevice(ctx: LoginContext): void {
  const device = filled(ctx.device, 'device');
  if (device?.revoked) throw deviceRevoked();
  ctx.trust = device ? device.kind : 'personal';
}

/**
 * The third statement, one transaction: the counter saved (unless another login moved
 * it meanwhile: a strike), strikes cleared, the session created, both audited.
 */
export async function completeLogin(ctx: LoginContext): Promise<LoginResult> {
  const { meta } = ctx;
  const tenantId = filled(ctx.tenantId, 'tenantId');
  const credential = filled(ctx.credential, 'credential');
  const agent = filled(ctx.agent, 'agent');
  const settings = filled(ctx.settings, 'settings');
  const device = filled(ctx.device, 'device');
  const trust = filled(ctx.trust, 'trust');
  const { newCounter } = filled(ctx.assertion, 'assertion');
  const idleMs = settings.sessionIdleMinutes * 60_000;
  const session = newSessionSecrets(tenantId, settings.sessionAbsoluteHours * 3_600_000);
  const actor = { type: 'agent' as const, id: agent.id };
  const events = [
    auditEvent({
      action: 'auth.login',
      actor,
      target: { type: 'agent', id: agent.id },
      data: { method: 'security-key', credential: credential.id, trust, ip: meta.ip },
      requestId: meta.requestId,
    }),
    auditEvent({
      action: 'session.created',
      actor,
      target: { type: 'agent', id: agent.id },
      data: { session: session.id, trust, method: 'security-key', device: device?.id ?? null, ip: meta.ip },
      requestId: meta.requestId,
    }),
  ];
  const [done] = await ctx.database.prepared<{ ok: boolean }>(
    'auth_login_complete',
    'select auth_login_complete($1, $2, $3, $4, $5, $6, $7) as ok',
    [
      tenantId,
      credential.id,
      Number(credential.counter),
      newCounter,
      agent.id,
      JSON.stringify({
        id: session.id,
        secretHash: session.secretHash.toString('hex'),
        csrfToken: session.csrfToken,
        trust,
        idleTimeoutMs: idleMs,
        expiresAt: session.expiresAt.toISOString(),
        userAgent: meta.userAgent?.slice(0, 400) ?? null,
        ip: meta.ip,
        deviceId: device?.id ?? null,
      }),
      JSON.stringify(events),
    ],
  );
  if (!done?.ok) return strike(ctx, 'counter_race');
  return {
    cookie: session.cookie,
    context: {
      sessionId: session.id,
      tenantId,
      tenantName: settings.tenantName,
      operator: settings.operator,
      agentId: agent.id,
      displayName: `${agent.firstName} ${agent.lastName}`,
      roles: agent.roles,
      trust,
      method: 'security-key',
      authenticatedAt: new Date(),
      expiresAt: session.expiresAt,
      csrfToken: session.csrfToken,
    },
  };
}

/** The security-key login, in order. */
export const verifyLoginSteps: Steps<LoginContext, LoginResult> = [
  readChallenge, //             the challenge is readable in clientDataJSON           → 401
  beginLogin, //                the second statement, which answers steps 1–3:
  refuseThrottledAddress, //    1. the address is under its ceiling, not slowed down  → 429
  refuseUnknownChallenge, //    2. the challenge was live and unused; it is consumed  → 401
  refuseUnknownCredential, //   3. the credential id is in the directory, its key in
  //                               that tenant                                         → 401, address failure
  refuseLockedOut, //           4. the agent is not locked out (lockout policy)        → 429
  verifyAssertion, //           5. the signature verifies (WebAuthn §7.2 step 20)      → 401, address failure
  //                               or, signed but rejected (wrong challenge, origin,
  //                               RP ID: phishing; a revoked key)                     → strike, 401
  //                            6. only now — the assertion is what the key (or a clone
  //                               of it) produced — are its faults strikes:
  refuseRevokedKey, //             a revoked key                                       → strike, 401
  refuseUnverifiedUser, //         user verification missing (WebAuthn §7.2 step 17)   → strike, 401
  refuseCounterRegression, //      a counter regression, a clone (WebAuthn §7.2 step 22) → strike, 401
  refuseSuspended, //           7. the agent is not suspended → 423 suspended, nor
  //                               deactivated (a leaver) → 423 disabled
  refuseStolenDevice, //        8. the device is not declared stolen; its trust read   → 403 (wipe)
  completeLogin, //             9. counter saved (unless another login moved it: strike),
  //                               strikes cleared, session created, audited: the third
  //                               statement, one transaction                          → 200
];

export async function verifyLogin(
  database: Database,
  config: Config,
  response: z.infer<typeof authenticationResponseJSON>,
  meta: RequestMeta,
  perMinute: number,
): Promise<LoginResult> {
  return runSteps(verifyLoginSteps, { database, rp: relyingParty(config), response, meta, perMinute, addressKey: throttleKeys.address(meta.ip) });
}
