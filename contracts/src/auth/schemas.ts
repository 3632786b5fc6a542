import { z } from 'zod';
import { limits } from '../limits.ts';
import { text } from '../text.ts';
import { sessionMethods, trustLevels } from './session.ts';

// Strong authentication: security keys (WebAuthn), password + TOTP for personal
// computers, suspension after three strikes, helpdesk unblock, sessions, device trust
// (service tokens: ../service-tokens). The server validates with these; the web client is typed by them.

/** What an enrolment invitation is for (enrolments.purpose): the first administrator's link, a key, password + TOTP. */
export const enrolmentPurposes = ['first-admin', 'security-key', 'password-totp'] as const;
export type EnrolmentPurpose = (typeof enrolmentPurposes)[number];
/** What a WebAuthn challenge was issued for (auth_challenges.purpose). */
export const challengePurposes = ['login', 'register'] as const;
/** How the helpdesk gives an unblock code (unblock_codes.delivery): read out on the phone, or by SMS. */
export const unblockCodeDeliveries = ['read-out', 'sms'] as const;

/** A tenant's authentication policy, kept in tenants.settings.auth. */
export const tenantAuthSettings = z.object({
  /** After three strikes: suspend until the helpdesk unblocks, or lock out with growing delays. */
  strikesMode: z.enum(['suspend', 'lockout']).default('suspend'),
  /** Personal computers without a key may log in with a password and a TOTP app. */
  allowPasswordTotp: z.boolean().default(true),
  /** Passkeys of a managed laptop (platform authenticators) besides security keys. */
  allowPlatformAuthenticators: z.boolean().default(false),
  sessionIdleMinutes: z.number().int().min(5).max(12 * 60).default(30),
  sessionAbsoluteHours: z.number().int().min(1).max(24).default(10),
  /** Checks the helpdesk must record before issuing an unblock code. */
  identityChecks: z.array(z.enum(['callback', 'questions', 'manager'])).min(1).default(['callback']),
});
export type TenantAuthSettings = z.infer<typeof tenantAuthSettings>;

export const identityCheckLabels = {
  callback: 'Rappel au numéro professionnel enregistré',
  questions: 'Questions de vérification',
  manager: 'Confirmation par le responsable hiérarchique',
} as const;

const base64url = text().regex(/^[A-Za-z0-9_-]+$/).max(8192);

/** SimpleWebAuthn's RegistrationResponseJSON, validated at the edge. */
export const registrationResponseJSON = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(text().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: base64url.optional(),
    authenticatorData: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(text(), z.unknown()).default({}),
});

/** SimpleWebAuthn's AuthenticationResponseJSON. */
export const authenticationResponseJSON = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(text(), z.unknown()).default({}),
});

export const registerOptionsBody = z.object({
  enrolmentToken: text().min(20).max(200).optional(),
});
export const registerVerifyBody = z.object({
  enrolmentToken: text().min(20).max(200).optional(),
  name: text().trim().min(1).max(limits.keyNameMax).optional(),
  response: registrationResponseJSON,
});
export const registerVerifyResult = z.object({ credentialId: z.string(), name: z.string() });

export const passwordTotpBody = z.object({
  login: text().trim().min(3).max(limits.emailMax),
  password: text({ multiline: true }).min(1).max(limits.passwordMaxLength),
  code: text().trim().regex(/^\d{6}$/, '6 chiffres'),
});

export const loginResult = z.object({
  agent: z.object({ id: z.uuid(), displayName: z.string(), tenant: z.uuid() }),
  trust: z.enum(trustLevels),
  expiresAt: z.iso.datetime(),
});
export type LoginResult = z.infer<typeof loginResult>;

export const unblockBody = z.object({
  login: text().trim().min(3).max(limits.emailMax),
  code: text().trim().min(4).max(32),
});
export type UnblockBody = z.infer<typeof unblockBody>;

export const authFailure = z.object({
  error: z.string().meta({
    description:
      'authentication_failed (never says which factor) · suspended (with helpdesk) · throttled (with Retry-After) · invalid_request · forbidden · device_revoked (with wipe: the browser erases its local vault)',
  }),
  message: z.string(),
  helpdesk: z.string().nullable().optional(),
  retryAfterSeconds: z.number().int().optional(),
  wipe: z.boolean().optional(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.string(), message: z.string() })).optional(),
  requestId: z.string().optional(),
});

export const securityKey = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  backedUp: z.boolean(),
});
export type SecurityKey = z.infer<typeof securityKey>;

export const sessionSummary = z.object({
  id: z.uuid(),
  trust: z.enum(trustLevels),
  method: z.enum(sessionMethods),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

const descriptor = z.object({ id: z.string(), type: z.string(), transports: z.array(z.string()).optional() });
const userVerification = z.enum(['required', 'preferred', 'discouraged']);

/** PublicKeyCredentialRequestOptionsJSON (WebAuthn L3 §5.5), SimpleWebAuthn's shape. */
export const publicKeyCredentialRequestOptionsJSON = z.object({
  challenge: z.string(),
  timeout: z.number().optional(),
  rpId: z.string().optional(),
  allowCredentials: z.array(descriptor).optional(),
  userVerification: userVerification.optional(),
  hints: z.array(z.string()).optional(),
  extensions: z.unknown().optional(),
});

/** PublicKeyCredentialCreationOptionsJSON (WebAuthn L3 §5.4), SimpleWebAuthn's shape. */
export const publicKeyCredentialCreationOptionsJSON = z.object({
  rp: z.object({ name: z.string(), id: z.string().optional() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string(),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.string() })),
  timeout: z.number().optional(),
  excludeCredentials: z.array(descriptor).optional(),
  authenticatorSelection: z
    .object({
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
      residentKey: z.enum(['required', 'preferred', 'discouraged']).optional(),
      requireResidentKey: z.boolean().optional(),
      userVerification: userVerification.optional(),
    })
    .optional(),
  hints: z.array(z.string()).optional(),
  attestation: z.enum(['none', 'indirect', 'direct', 'enterprise']).optional(),
  attestationFormats: z.array(z.string()).optional(),
  extensions: z.unknown().optional(),
});

/** What a tenant administrator sets: the helpdesk number agents are told to call, and the policy. */
export const tenantSecuritySettings = z.object({
  helpdeskPhone: text().trim().max(limits.phoneMax).nullable(),
  auth: tenantAuthSettings,
});
export type TenantSecuritySettings = z.infer<typeof tenantSecuritySettings>;

/** An enrolment invitation's token, as its link carries it. */
const invitationToken = text().min(20).max(200);

export const enrolmentInfoBody = z.object({ token: invitationToken });
export type EnrolmentInfoBody = z.infer<typeof enrolmentInfoBody>;

/** What an invitation is for, and for whom. */
export const enrolmentInfoResult = z.object({
  purpose: z.enum(enrolmentPurposes),
  displayName: z.string(),
  login: z.string(),
  expiresAt: z.iso.datetime(),
});
export type EnrolmentInfoResult = z.infer<typeof enrolmentInfoResult>;

export const totpSetupBody = z.object({ enrolmentToken: invitationToken });
export type TotpSetupBody = z.infer<typeof totpSetupBody>;

/** A new TOTP secret, its otpauth:// URI and the login it is for. */
export const totpSetupResult = z.object({ secret: z.string(), otpauthUri: z.string(), login: z.string() });
export type TotpSetupResult = z.infer<typeof totpSetupResult>;

export const enrolPasswordTotpBody = z.object({
  enrolmentToken: invitationToken,
  password: text({ multiline: true }).min(1).max(256),
  totpSecret: text().max(64),
  code: text().trim().regex(/^\d{6}$/, '6 chiffres'),
});
export type EnrolPasswordTotpBody = z.infer<typeof enrolPasswordTotpBody>;

export const enrolPasswordTotpResult = z.object({ login: z.string() });
export type EnrolPasswordTotpResult = z.infer<typeof enrolPasswordTotpResult>;

export const unblockResult = z.object({ unblocked: z.literal(true) });
export type UnblockResult = z.infer<typeof unblockResult>;

export const securityKeyList = z.object({ keys: z.array(securityKey) });
export type SecurityKeyList = z.infer<typeof securityKeyList>;

export const sessionList = z.object({ sessions: z.array(sessionSummary) });
export type SessionList = z.infer<typeof sessionList>;
