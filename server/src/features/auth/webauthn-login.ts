// Login with a security key (WebAuthn, discoverable credential, user verification
// required: the key checks its PIN itself). The tenant is found from the credential id.
// The hot path is three SQL statements (functions of migration 0002): options, begin,
// complete — bench/login.ts measures it.
//
// Steps of verifyLogin, in order (each refusal is a 401 that never says why, except
// suspension, lockout and throttling, which the agent must be told about):
//   1. the address is under its ceiling and not slowed down                 → 429
//   2. the challenge in clientDataJSON is live and unused; it is consumed   → 401
//   3. the credential id is in the directory, and its key in that tenant    → 401, address failure
//   4. the agent is not locked out (lockout policy)                         → 429
//   5. the signature verifies with the credential's public key              → 401, address failure
//   6. only now — the assertion is what the key (or a clone of it) produced —
//      are its faults strikes: a revoked key, a wrong challenge, origin or
//      RP ID (phishing), user verification missing, a counter regression
//      (betrays a clone)                                                    → strike, 401
//   7. the agent is not suspended                                           → 423
//   8. the device is not declared stolen; its trust level is read           → 403 (wipe)
//   9. counter saved (unless another login moved it: strike), strikes
//      cleared, session created, audited — one transaction                  → 200
//
// Credential ids are not secret (they travel in every login): an assertion signed by any
// other key under a victim's credential id must never count against the victim (issue 15,
// finding 4). A bad signature is throttled like an unknown key.
import { createHash } from 'node:crypto';
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { verifySignature } from '@simplewebauthn/server/helpers';
import type { z } from 'zod';
import { limits, type authenticationResponseJSON, type Role, type TrustLevel } from '@estran/contracts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { authenticationFailed, suspended, throttled, type HttpError } from '../../platform/http-errors.ts';
import { auditEvent } from '../audit/index.ts';
import { authSettingsOf } from './auth-settings.ts';
import { challengeOf } from './challenges.ts';
import { deviceRevoked } from './device-trust.ts';
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

type Begin = {
  wait?: number;
  consumed?: boolean;
  tenantId?: string;
  credential?: { id: string; credentialId: string; publicKey: string; counter: number; transports: string[]; revoked: boolean };
  agent?: { id: string; firstName: string; lastName: string; roles: Role[]; status: string; failedAttempts: number; lockedUntil: string | null };
  tenant?: { name: string; isOperator: boolean; helpdeskPhone: string | null; settings: { auth?: unknown } };
  device?: { id: string; kind: 'managed' | 'thin-client'; revoked: boolean } | null;
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

export async function verifyLogin(
  database: Database,
  config: Config,
  response: z.infer<typeof authenticationResponseJSON>,
  meta: RequestMeta,
  perMinute: number,
): Promise<{ cookie: string; context: SessionContext }> {
  const rp = relyingParty(config);
  const addressKey = throttleKeys.address(meta.ip);
  const challenge = challengeOf(response.response.clientDataJSON);
  if (!challenge) throw authenticationFailed();

  // Steps 1–3: one statement.
  const [row] = await database.prepared<{ r: Begin }>(
    'auth_login_begin',
    'select auth_login_begin($1, $2, $3, $4, $5, $6) as r',
    [challenge, response.id, addressKey, throttleKeys.rate(meta.ip), perMinute, deviceHash(meta.deviceCookie)],
  );
  const begin = row!.r;
  if (begin.wait) throw throttled(begin.wait);
  if (!begin.consumed) throw authenticationFailed();
  if (!begin.tenantId || !begin.credential || !begin.agent || !begin.tenant) {
    await recordThrottleFailure(database, [addressKey]);
    throw authenticationFailed();
  }
  const tenantId = begin.tenantId;
  const { credential, agent, tenant } = begin;
  const settings = authSettingsOf(tenant);

  const refuse = async (error: HttpError): Promise<never> => {
    if (error.code === 'authentication_failed') await recordThrottleFailure(database, [addressKey]);
    throw error;
  };
  const strike = async (reason: string): Promise<never> => {
    const result = await database.tenant(tenantId, (tx) =>
      recordStrike(tx, { tenantId, agentId: agent.id, settings, reason, requestId: meta.requestId, ip: meta.ip }),
    );
    if (result.kind === 'suspended') return refuse(suspended(settings.helpdeskPhone));
    if (result.kind === 'locked') return refuse(throttled(result.seconds));
    return refuse(authenticationFailed());
  };

  // Step 4.
  const lockedUntil = agent.lockedUntil ? new Date(agent.lockedUntil).getTime() : 0;
  if (lockedUntil > Date.now()) return refuse(throttled(Math.ceil((lockedUntil - Date.now()) / 1000)));
  // A suspended agent's failures are not counted again; they learn of the suspension
  // only by presenting a valid assertion.
  const isSuspended = agent.status === 'suspended';
  // Steps 5–6. SimpleWebAuthn checks the challenge, origin, RP ID, user verification and
  // counter BEFORE the signature. So it is given counter 0 (its own counter check never
  // fires) and no UV requirement, both judged below once the signature is known good;
  // and when it throws, the signature is verified apart to tell a key's fault (strike)
  // from a forgery (throttled only).
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
      credential: { id: credential.credentialId, publicKey: publicKeyOf(credential), counter: 0, transports: credential.transports as never },
    });
  } catch {
    if (!(await signedBy(response, publicKeyOf(credential)))) return refuse(authenticationFailed());
    return isSuspended ? refuse(authenticationFailed()) : strike(credential.revoked ? 'revoked_key' : 'assertion_rejected');
  }
  if (!verification.verified) return refuse(authenticationFailed());
  // WebAuthn §7.2 steps 17 (user verification) and 22 (signature counter).
  const newCounter = verification.authenticationInfo.newCounter;
  const storedCounter = Number(credential.counter);
  const fault = credential.revoked
    ? 'revoked_key'
    : !verification.authenticationInfo.userVerified
      ? 'user_not_verified'
      : (newCounter > 0 || storedCounter > 0) && newCounter <= storedCounter
        ? 'counter_regression'
        : null;
  // A suspended agent's failures are not counted again.
  if (fault) return isSuspended ? refuse(authenticationFailed()) : strike(fault);
  // Step 7.
  if (isSuspended || agent.status !== 'active') return refuse(suspended(settings.helpdeskPhone));
  // Step 8.
  if (begin.device?.revoked) throw deviceRevoked();
  const trust: TrustLevel = begin.device ? begin.device.kind : 'personal';

  // Step 9: one transaction.
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
      data: { session: session.id, trust, method: 'security-key', device: begin.device?.id ?? null, ip: meta.ip },
      requestId: meta.requestId,
    }),
  ];
  const [done] = await database.prepared<{ ok: boolean }>(
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
        deviceId: begin.device?.id ?? null,
      }),
      JSON.stringify(events),
    ],
  );
  if (!done?.ok) return strike('counter_race');
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
