// Setting up the two factors of a personal computer from an invitation: a password
// (Argon2id, refused when weak or common) and a TOTP app (RFC 6238, SHA-1, 6 digits,
// 30 s — what every authenticator app reads from an otpauth:// QR code).
//
// Steps of enrolPasswordTotp:
//   1. the invitation is well formed, known, unused, unexpired, for password + TOTP → 400/404/410/403
//   2. the tenant allows password + TOTP                                           → 403
//   3. the password is strong enough (zxcvbn-ts, French dictionary)                 → 400 with advice
//   4. the code proves the app holds the secret                                     → 400
//   5. the hash, the secret (its step remembered: that code is spent) and the used
//      invitation are saved, audited                                                 → 201
import { hash as hashArgon2 } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { limits } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { enrolments, passwordCredentials, totpCredentials } from './schema.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { badRequest, forbidden, gone, HttpError, notFound } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { agentById } from '../org/index.ts';
import { readAuthSettings } from './auth-settings.ts';
import { judgePassword, personalWords } from './password-strength.ts';
import { matchTotpStep } from './password-totp-login.ts';
import { enrolmentUsedOrExpiredMessage } from './login-failures.ts';

function openInvitation(token: string) {
  const parsed = parseTenantToken(token);
  if (!parsed) throw badRequest('Ce lien d’enrôlement est mal formé.');
  return { parsed };
}

/** A fresh TOTP secret and its otpauth:// URI for the QR code. */
export async function totpSetup(database: Database, input: { enrolmentToken: string }) {
  const { parsed } = openInvitation(input.enrolmentToken);
  return database.tenant(parsed.tenantId, async (tx) => {
    const [invitation] = await tx.select().from(enrolments).where(eq(enrolments.secretHash, sha256(parsed.secret)));
    if (!invitation) throw notFound('Ce lien d’enrôlement est inconnu.');
    if (invitation.usedAt || invitation.expiresAt.getTime() <= Date.now()) throw gone(enrolmentUsedOrExpiredMessage);
    if (invitation.purpose !== 'password-totp') throw forbidden('Ce lien sert à enregistrer une clé de sécurité.');
    const agent = await agentById(tx, invitation.agentId);
    const settings = await readAuthSettings(tx, parsed.tenantId);
    const secret = new OTPAuth.Secret({ size: 20 });
    const totp = new OTPAuth.TOTP({ issuer: `Estran — ${settings.tenantName}`, label: agent!.email, secret, period: limits.totpPeriodSeconds, digits: 6, algorithm: 'SHA1' });
    return { secret: secret.base32, otpauthUri: totp.toString(), login: agent!.email };
  });
}

export async function enrolPasswordTotp(
  database: Database,
  input: { enrolmentToken: string; password: string; totpSecret: string; code: string; requestId?: string | undefined },
) {
  const { parsed } = openInvitation(input.enrolmentToken);
  return database.tenant(parsed.tenantId, async (tx) => {
    const [invitation] = await tx.select().from(enrolments).where(eq(enrolments.secretHash, sha256(parsed.secret))).for('update');
    if (!invitation) throw notFound('Ce lien d’enrôlement est inconnu.');
    if (invitation.usedAt || invitation.expiresAt.getTime() <= Date.now()) throw gone(enrolmentUsedOrExpiredMessage);
    if (invitation.purpose !== 'password-totp') throw forbidden('Ce lien sert à enregistrer une clé de sécurité.');
    const settings = await readAuthSettings(tx, parsed.tenantId);
    if (!settings.allowPasswordTotp) throw forbidden('Votre collectivité n’autorise pas la connexion par mot de passe et application.');
    const agent = await agentById(tx, invitation.agentId);
    if (!agent || agent.status === 'disabled') throw forbidden('Ce compte n’est pas actif.');

    const strength = judgePassword(
      input.password,
      personalWords({ firstName: agent.firstName, lastName: agent.lastName, email: agent.email, extra: [settings.tenantName] }),
    );
    if (!strength.ok) {
      throw new HttpError(400, 'weak_password', `Mot de passe trop faible. ${strength.feedback.join(' ')}`.trim(), { score: strength.score });
    }
    if (!/^[A-Z2-7]{32}$/.test(input.totpSecret)) throw badRequest('Secret TOTP invalide.');
    const step = matchTotpStep(input.totpSecret, input.code);
    if (step === null) throw new HttpError(400, 'wrong_code', 'Ce code ne correspond pas : vérifiez l’heure de votre téléphone et saisissez le code affiché.');

    const hash = await hashArgon2(input.password); // Argon2id, m=19 MiB, t=2, p=1 (OWASP minimum)
    await tx
      .insert(passwordCredentials)
      .values({ agentId: agent.id, tenantId: parsed.tenantId, hash })
      .onConflictDoUpdate({ target: passwordCredentials.agentId, set: { hash, updatedAt: new Date() } });
    await tx
      .insert(totpCredentials)
      .values({ agentId: agent.id, tenantId: parsed.tenantId, secret: input.totpSecret, lastUsedStep: step })
      .onConflictDoUpdate({ target: totpCredentials.agentId, set: { secret: input.totpSecret, lastUsedStep: step, createdAt: new Date() } });
    await tx.update(enrolments).set({ usedAt: new Date() }).where(eq(enrolments.id, invitation.id));
    await recordAudit(tx, parsed.tenantId, {
      action: 'password_totp.enrolled',
      actor: { type: 'agent', id: agent.id },
      target: { type: 'agent', id: agent.id },
      data: { enrolment: invitation.id, passwordScore: strength.score },
      requestId: input.requestId,
    });
    return { login: agent.email };
  });
}
