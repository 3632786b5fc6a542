// Enrolling a security key (WebAuthn registration), from an enrolment invitation or,
// for a further key, from a session whose key authentication is fresh.
//
// Steps of registrationOptions:
//   1. an invitation: well formed, known, unused, unexpired, agent not disabled  → 400/404/410/403
//      or a session: authenticated with a key within the last 5 minutes         → 401/403
//   2. options: resident key required (discoverable, login without identifier),
//      user verification required (PIN), the agent's keys excluded; the challenge
//      is stored with the tenant, agent and invitation it belongs to.
// Steps of verifyRegistration:
//   1. the challenge in clientDataJSON is live, unused, for registration; consumed → 401
//   2. it belongs to this invitation (same invitation, still unused) or this
//      session's agent                                                             → 401
//   3. SimpleWebAuthn verifies origin, RP ID, user verification, attestation      → 400
//   4. a platform authenticator only where the tenant's policy allows it           → 403
//   5. the key, its directory entry and the used invitation are saved, audited     → 201
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { registrationResponseJSON } from '@estran/contracts';
import type { Config } from '../../config.ts';
import type { Database, Tx } from '../../db/client.ts';
import { credentialDirectory, enrolments, webauthnCredentials } from './schema.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { authenticationFailed, badRequest, forbidden, gone, HttpError, notFound } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { agentById } from '../org/index.ts';
import { readAuthSettings } from './auth-settings.ts';
import { challengeOf, consumeChallenge, storeChallenge } from './challenges.ts';
import { relyingParty } from './relying-party.ts';
import type { SessionContext } from './sessions.ts';
import { enrolmentUsedMessage } from './login-failures.ts';

/** "Adding a second key requires a fresh authentication with the first." */
export const FRESH_AUTH_MS = 5 * 60 * 1000;

type Who = { enrolmentToken: string } | { session: SessionContext };

async function findInvitation(tx: Tx, secret: string) {
  const [invitation] = await tx.select().from(enrolments).where(eq(enrolments.secretHash, sha256(secret)));
  if (!invitation) throw notFound('Ce lien d’enrôlement est inconnu.');
  if (invitation.usedAt) throw gone(enrolmentUsedMessage);
  if (invitation.expiresAt.getTime() <= Date.now()) throw gone('Ce lien d’enrôlement a expiré. Demandez-en un nouveau à l’assistance.');
  if (invitation.purpose === 'password-totp') throw forbidden('Ce lien sert à choisir un mot de passe et une application d’authentification, pas à enregistrer une clé.');
  return invitation;
}

function tenantOf(who: Who): { tenantId: string; secret: string | null } {
  if ('session' in who) return { tenantId: who.session.tenantId, secret: null };
  const parsed = parseTenantToken(who.enrolmentToken);
  if (!parsed) throw badRequest('Ce lien d’enrôlement est mal formé.');
  return { tenantId: parsed.tenantId, secret: parsed.secret };
}

function requireFreshKeySession(session: SessionContext) {
  if (session.method !== 'security-key' || Date.now() - session.authenticatedAt.getTime() > FRESH_AUTH_MS) {
    throw new HttpError(403, 'reauthentication_required', 'Pour ajouter une clé, reconnectez-vous d’abord avec votre clé actuelle.');
  }
}

export async function registrationOptions(database: Database, config: Config, who: Who) {
  const { tenantId, secret } = tenantOf(who);
  const { rpID, rpName } = relyingParty(config);
  return database.tenant(tenantId, async (tx) => {
    let agentId: string;
    let enrolmentId: string | null = null;
    if (secret !== null) {
      const invitation = await findInvitation(tx, secret);
      agentId = invitation.agentId;
      enrolmentId = invitation.id;
    } else {
      const session = (who as { session: SessionContext }).session;
      requireFreshKeySession(session);
      agentId = session.agentId;
    }
    const agent = await agentById(tx, agentId);
    if (!agent || agent.status === 'disabled') throw forbidden('Ce compte n’est pas actif.');
    const existing = await tx
      .select({ id: webauthnCredentials.credentialId, transports: webauthnCredentials.transports })
      .from(webauthnCredentials)
      .where(and(eq(webauthnCredentials.agentId, agentId), isNull(webauthnCredentials.revokedAt)));
    const settings = await readAuthSettings(tx, tenantId);
    const options = await generateRegistrationOptions({
      rpName,
      rpID,
      userName: agent.email,
      userDisplayName: `${agent.firstName} ${agent.lastName}`,
      // The user handle is opaque (WebAuthn L2 §14.6.1: no personal data in it).
      userID: Buffer.from(agent.id.replaceAll('-', ''), 'hex'),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
        ...(settings.allowPlatformAuthenticators ? {} : { authenticatorAttachment: 'cross-platform' as const }),
      },
      supportedAlgorithmIDs: [-7, -8, -257],
      timeout: 120_000,
    });
    await storeChallenge(tx, { challenge: options.challenge, purpose: 'register', tenantId, agentId, enrolmentId });
    return options;
  });
}

export async function verifyRegistration(
  database: Database,
  config: Config,
  who: Who,
  input: { response: z.infer<typeof registrationResponseJSON>; name?: string | undefined; requestId?: string | undefined },
): Promise<{ credentialId: string; name: string }> {
  const { tenantId, secret } = tenantOf(who);
  const rp = relyingParty(config);
  // Consumed in its own transaction: a refused attempt cannot use the challenge again.
  const live = await database.tenant(tenantId, async (tx) => {
    const challenge = challengeOf(input.response.response.clientDataJSON);
    return challenge ? consumeChallenge(tx, challenge, 'register') : null;
  });
  if (!live || live.tenantId !== tenantId) throw authenticationFailed();
  return database.tenant(tenantId, async (tx) => {
    let enrolmentId: string | null = null;
    if (secret !== null) {
      const invitation = await findInvitation(tx, secret);
      if (live.enrolmentId !== invitation.id) throw authenticationFailed();
      enrolmentId = invitation.id;
    } else {
      const session = (who as { session: SessionContext }).session;
      requireFreshKeySession(session);
      if (live.agentId !== session.agentId || live.enrolmentId !== null) throw authenticationFailed();
    }
    const agentId = live.agentId!;

    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: live.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: true,
      });
    } catch (error) {
      throw new HttpError(400, 'registration_rejected', `L’enregistrement de la clé a été refusé : ${(error as Error).message}`);
    }
    if (!verification.verified) throw new HttpError(400, 'registration_rejected', 'L’enregistrement de la clé a été refusé.');
    const info = verification.registrationInfo;
    const settings = await readAuthSettings(tx, tenantId);
    const platform =
      input.response.authenticatorAttachment === 'platform' || (input.response.response.transports ?? []).includes('internal');
    if (platform && !settings.allowPlatformAuthenticators) {
      throw forbidden('Votre collectivité n’autorise que les clés de sécurité USB ou NFC, pas les clés d’accès intégrées à l’ordinateur.');
    }

    const count = await tx.select({ id: webauthnCredentials.id }).from(webauthnCredentials).where(eq(webauthnCredentials.agentId, agentId));
    const name = input.name ?? (platform ? 'Clé d’accès de cet ordinateur' : `Clé de sécurité ${count.length + 1}`);
    const [saved] = await tx
      .insert(webauthnCredentials)
      .values({
        tenantId,
        agentId,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        counter: info.credential.counter,
        transports: input.response.response.transports ?? [],
        aaguid: info.aaguid,
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name,
      })
      .returning({ id: webauthnCredentials.id });
    await tx.insert(credentialDirectory).values({ credentialId: info.credential.id, tenantId });
    if (enrolmentId) {
      await tx.update(enrolments).set({ usedAt: new Date(), usedCredentialId: saved!.id }).where(eq(enrolments.id, enrolmentId));
    }
    await recordAudit(tx, tenantId, {
      action: 'key.enrolled',
      actor: { type: 'agent', id: agentId },
      target: { type: 'agent', id: agentId },
      data: { credential: saved!.id, name, enrolment: enrolmentId, platform, backedUp: info.credentialBackedUp },
      requestId: input.requestId,
    });
    return { credentialId: info.credential.id, name };
  });
}
