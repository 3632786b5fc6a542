// Login with a security key (WebAuthn, discoverable credential, user verification
// required: the key checks its PIN itself). The tenant is found from the credential id.
//
// Steps of verifyLogin, in order (each refusal is a 401 that never says why, except
// suspension, lockout and throttling, which the agent must be told about):
//   1. the address is not throttled and under its per-minute ceiling        → 429
//   2. the challenge in clientDataJSON is live and unused; it is consumed   → 401
//   3. the credential id is in the directory                               → 401, address failure
//   4. the credential and its agent exist in that tenant                    → 401, address failure
//   5. the agent is not locked out (lockout policy)                         → 429
//   6. the credential is not revoked                                        → strike, 401
//   7. SimpleWebAuthn verifies origin, RP ID, signature, user verification
//      and the signature counter (a regression betrays a cloned key)        → strike, 401
//   8. the agent is not suspended                                           → 423
//   9. the device is not declared stolen; its trust level is read           → 403 (wipe)
//  10. counter and last use are saved, strikes cleared, a session created   → 200
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { authenticationResponseJSON } from '@estran/contracts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { agents, credentialDirectory, webauthnCredentials } from '../../db/schema/index.ts';
import type { HttpError} from '../../platform/http-errors.ts';
import { authenticationFailed, suspended, throttled } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { readAuthSettings } from './auth-settings.ts';
import { challengeOf, consumeChallenge, storeChallenge } from './challenges.ts';
import { resolveDeviceTrust } from './device-trust.ts';
import { relyingParty } from './relying-party.ts';
import { createSession, type SessionContext } from './sessions.ts';
import { clearStrikes, recordStrike } from './strikes.ts';
import { checkThrottle, recordThrottleFailure, throttleKeys } from './throttle.ts';

export type RequestMeta = { ip: string; userAgent?: string | undefined; requestId?: string | undefined; deviceCookie?: string | undefined };

export async function loginOptions(database: Database, config: Config, meta: RequestMeta, perMinute: number) {
  const { rpID } = relyingParty(config);
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required', allowCredentials: [], timeout: 120_000 });
  await database.anonymous(async (tx) => {
    await checkThrottle(tx, { keys: [throttleKeys.address(meta.ip)], address: meta.ip, perMinute });
    await storeChallenge(tx, { challenge: options.challenge, purpose: 'login' });
  });
  return options;
}

type LoginOutcome =
  | { ok: true; cookie: string; context: SessionContext }
  | { ok: false; error: HttpError };

export async function verifyLogin(
  database: Database,
  config: Config,
  response: z.infer<typeof authenticationResponseJSON>,
  meta: RequestMeta,
  perMinute: number,
): Promise<{ cookie: string; context: SessionContext }> {
  const rp = relyingParty(config);
  const addressKey = throttleKeys.address(meta.ip);

  // Steps 1–3, before any tenant is known.
  const found = await database.anonymous(async (tx) => {
    await checkThrottle(tx, { keys: [addressKey], address: meta.ip, perMinute });
    const challenge = challengeOf(response.response.clientDataJSON);
    const live = challenge ? await consumeChallenge(tx, challenge, 'login') : null;
    if (!live) return null;
    const [entry] = await tx.select().from(credentialDirectory).where(eq(credentialDirectory.credentialId, response.id));
    if (!entry) {
      await recordThrottleFailure(tx, [addressKey]);
      return null;
    }
    return { tenantId: entry.tenantId, challenge: live.challenge };
  });
  if (!found) throw authenticationFailed();

  // Steps 4–10, in the tenant. Strikes must commit even though the login fails, so the
  // transaction returns the refusal instead of throwing it.
  const outcome = await database.tenant(found.tenantId, async (tx): Promise<LoginOutcome> => {
    const [row] = await tx
      .select({ credential: webauthnCredentials, agent: agents })
      .from(webauthnCredentials)
      .innerJoin(agents, eq(agents.id, webauthnCredentials.agentId))
      .where(eq(webauthnCredentials.credentialId, response.id));
    if (!row) return { ok: false, error: authenticationFailed() };
    const { credential, agent } = row;
    const settings = await readAuthSettings(tx, found.tenantId);
    const strike = async (reason: string): Promise<LoginOutcome> => {
      const result = await recordStrike(tx, { tenantId: found.tenantId, agentId: agent.id, settings, reason, requestId: meta.requestId, ip: meta.ip });
      if (result.kind === 'suspended') return { ok: false, error: suspended(settings.helpdeskPhone) };
      if (result.kind === 'locked') return { ok: false, error: throttled(result.seconds) };
      return { ok: false, error: authenticationFailed() };
    };

    if (agent.lockedUntil && agent.lockedUntil.getTime() > Date.now()) {
      return { ok: false, error: throttled(Math.ceil((agent.lockedUntil.getTime() - Date.now()) / 1000)) };
    }
    const isSuspended = agent.status === 'suspended';
    if (credential.revokedAt) return isSuspended ? { ok: false, error: authenticationFailed() } : strike('revoked_key');

    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: found.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: true,
        credential: {
          id: credential.credentialId,
          publicKey: new Uint8Array(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports as never,
        },
      });
    } catch (error) {
      const message = (error as Error).message;
      const reason = /counter/i.test(message) ? 'counter_regression' : /verif/i.test(message) && /user/i.test(message) ? 'user_not_verified' : 'assertion_rejected';
      if (isSuspended) return { ok: false, error: authenticationFailed() };
      return strike(reason);
    }
    if (!verification.verified) return isSuspended ? { ok: false, error: authenticationFailed() } : strike('bad_signature');
    if (isSuspended || agent.status !== 'active') return { ok: false, error: suspended(settings.helpdeskPhone) };

    const device = await resolveDeviceTrust(tx, found.tenantId, meta.deviceCookie);
    const now = new Date();
    await tx
      .update(webauthnCredentials)
      .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: now })
      .where(eq(webauthnCredentials.id, credential.id));
    await clearStrikes(tx, agent.id, agent.failedAttempts);
    await recordAudit(tx, found.tenantId, {
      action: 'auth.login',
      actor: { type: 'agent', id: agent.id },
      target: { type: 'agent', id: agent.id },
      data: { method: 'security-key', credential: credential.id, trust: device.trust, ip: meta.ip },
      requestId: meta.requestId,
    });
    const session = await createSession(tx, {
      tenantId: found.tenantId,
      agentId: agent.id,
      trust: device.trust,
      method: 'security-key',
      idleMs: settings.sessionIdleMinutes * 60_000,
      absoluteMs: settings.sessionAbsoluteHours * 3_600_000,
      deviceId: device.deviceId,
      credentialId: credential.id,
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
        tenantId: found.tenantId,
        tenantName: settings.tenantName,
        operator: settings.operator,
        agentId: agent.id,
        displayName: `${agent.firstName} ${agent.lastName}`,
        roles: agent.roles,
        trust: device.trust,
        authenticatedAt: now,
        expiresAt: session.expiresAt,
        csrfToken: session.csrfToken,
      },
    };
  });
  if (!outcome.ok) {
    if (outcome.error.code === 'authentication_failed') {
      await database.anonymous((tx) => recordThrottleFailure(tx, [addressKey]));
    }
    throw outcome.error;
  }
  return outcome;
}
