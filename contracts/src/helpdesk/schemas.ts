import { z } from 'zod';
import { enrolmentPurposes, securityKey, sessionSummary, unblockCodeDeliveries } from '../auth/schemas.ts';
import { sessionMethods, trustLevels } from '../auth/session.ts';
import { deviceKind, laptopStatus } from '../devices/schemas.ts';
import { agentStatuses, component, listQuery, page, role } from '../org/schemas.ts';
import { text } from '../text.ts';

// The helpdesk console: finding an agent, their file, and acting on their credentials
// after the identity checks the tenant requires.

export const agentStatus = z.enum(agentStatuses);

/** Finding an agent: the admin lists' filter and paging, and the account's status. */
export const helpdeskAgentQuery = listQuery.extend({ status: agentStatus.optional() });
export type HelpdeskAgentQuery = z.infer<typeof helpdeskAgentQuery>;

export const helpdeskAgent = z.object({
  id: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  component,
  unitName: z.string().nullable(),
  roles: z.array(role),
  status: agentStatus,
  failedAttempts: z.number().int(),
  suspendedAt: z.iso.datetime().nullable(),
  lockedUntil: z.iso.datetime().nullable(),
});
export type HelpdeskAgent = z.infer<typeof helpdeskAgent>;

export const helpdeskAgentPage = page(helpdeskAgent);

/**
 * Why a login was refused, as auth records it (audit actions auth.strike and
 * auth.failure, data.reason); the helpdesk shows each in plain French. Listed once here.
 */
export const loginFailureReasons = [
  'bad_signature', //      a signature the key's public key does not verify (not a strike: anyone can send one)
  'wrong_origin', //       signed on another web site (phishing)
  'wrong_rp_id', //        signed for another relying party
  'assertion_rejected', // signed but refused otherwise (challenge, type)
  'revoked_key', //        a revoked key
  'user_not_verified', //  the key did not check its PIN
  'counter_regression', // the key's counter went back (a clone)
  'counter_race', //       another login moved the counter meanwhile
  'wrong_password', //     a wrong password (not a strike)
  'wrong_totp', //         a right password, a wrong TOTP code
  'totp_replayed', //      a TOTP code already used
  'account_suspended', //  right factors, the agent is suspended
  'account_disabled', //   right factors, the agent was deactivated (a leaver)
] as const;
export type LoginFailureReason = (typeof loginFailureReasons)[number];

/** Each reason in plain French, as the API gives it (the web has its own messages, French and English). */
export const loginFailureReasonLabels: Record<LoginFailureReason, string> = {
  bad_signature: 'signature invalide',
  wrong_origin: 'mauvaise origine (site d’hameçonnage ?)',
  wrong_rp_id: 'clé sollicitée pour un autre site',
  assertion_rejected: 'réponse de la clé refusée',
  revoked_key: 'clé révoquée',
  user_not_verified: 'code PIN non vérifié par la clé',
  counter_regression: 'compteur de la clé revenu en arrière (clé clonée ?)',
  counter_race: 'deux connexions simultanées avec la même clé',
  wrong_password: 'mot de passe faux',
  wrong_totp: 'code TOTP faux',
  totp_replayed: 'code TOTP déjà utilisé',
  account_suspended: 'accès bloqué',
  account_disabled: 'compte désactivé',
};

/** What the agent's authentication history shows, newest first. */
export const authEventKinds = ['login', 'failure', 'suspended', 'locked_out', 'unblocked', 'unblock_code_wrong', 'password_totp_reset'] as const;
export type AuthEventKind = (typeof authEventKinds)[number];

export const helpdeskAuthEvent = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  kind: z.enum(authEventKinds),
  /** How the agent logged in or tried to (null when unknown). */
  method: z.enum(sessionMethods).nullable(),
  /** A failure's, suspension's or lockout's reason (null for a reason this version does not know). */
  reason: z.enum(loginFailureReasons).nullable(),
  /** That reason in plain French (loginFailureReasonLabels). */
  reasonText: z.string().nullable(),
  /** The device trust level of a login. */
  trust: z.enum(trustLevels).nullable(),
  /** The browser of a login, as it said (the web shows « Firefox sur Windows »). */
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  /** A strike's rank in the run of failures (1, 2, 3). */
  strikes: z.number().int().nullable(),
  /** Who did it when not the agent: the helpdesk agent behind an unblock or a reset. */
  byName: z.string().nullable(),
});
export type HelpdeskAuthEvent = z.infer<typeof helpdeskAuthEvent>;

export const helpdeskAuthHistoryQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});
export const helpdeskAuthHistory = page(helpdeskAuthEvent);
export type HelpdeskAuthHistory = z.infer<typeof helpdeskAuthHistory>;

/** An enrolment invitation not yet used nor expired. */
export const pendingEnrolment = z.object({
  id: z.uuid(),
  purpose: z.enum(enrolmentPurposes),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type PendingEnrolment = z.infer<typeof pendingEnrolment>;

/** A past unblock: when, and which helpdesk agent issued the code. */
export const pastUnblock = z.object({ at: z.iso.datetime(), issuedByName: z.string().nullable() });

/** A computer of the fleet the agent holds (assigned to them), as the helpdesk sees it. */
export const heldDevice = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: deviceKind,
  serial: z.string().nullable(),
  model: z.string().nullable(),
  status: laptopStatus,
  registeredAt: z.iso.datetime().nullable(),
  /** The browser that registered it (shown as « Firefox sur Windows »). */
  registeredUserAgent: z.string().nullable(),
  stolenAt: z.iso.datetime().nullable(),
});
export type HeldDevice = z.infer<typeof heldDevice>;

export const helpdeskAgentFile = z.object({
  agent: helpdeskAgent.extend({
    professionalPhone: z.string().nullable(),
    mobilePhone: z.string().nullable(),
    suspensionReason: z.string().nullable(),
  }),
  keys: z.array(securityKey),
  sessions: z.array(sessionSummary),
  /** The computers of the fleet assigned to the agent, the stolen and lost ones included. */
  devices: z.array(heldDevice),
  /** The identity checks this tenant requires before an unblock code. */
  requiredChecks: z.array(z.enum(['callback', 'questions', 'manager'])),
  smsAvailable: z.boolean(),
  pendingUnblockCode: z.object({ expiresAt: z.iso.datetime(), attempts: z.number().int() }).nullable(),
  /** Whether the agent has a password + TOTP app (a personal computer's login). */
  hasPasswordTotp: z.boolean(),
  pendingEnrolments: z.array(pendingEnrolment),
  /** The latest unblocks, newest first (at most 10). */
  unblocks: z.array(pastUnblock),
});
export type HelpdeskAgentFile = z.infer<typeof helpdeskAgentFile>;

/** The identity checks the helpdesk performed (the tenant says which are required). */
export const identityChecksPerformed = z.object({
  callback: z.boolean().default(false),
  questions: z.boolean().default(false),
  manager: z.boolean().default(false),
});

export const issueUnblockCodeBody = z.object({
  checks: identityChecksPerformed,
  note: text({ multiline: true }).trim().max(500).optional(),
  delivery: z.enum(unblockCodeDeliveries).default('read-out'),
});

/** An enrolment from the helpdesk: after the same identity checks as an unblock. */
export const issueEnrolmentBody = z.object({
  method: z.enum(enrolmentPurposes).exclude(['first-admin']).default('security-key'),
  checks: identityChecksPerformed,
  note: text({ multiline: true }).trim().max(500).optional(),
});

/** Resetting the authenticator app: after the same identity checks as an unblock. */
export const resetPasswordTotpBody = z.object({
  checks: identityChecksPerformed,
  note: text({ multiline: true }).trim().max(500).optional(),
});

export const issuedUnblockCode = z.object({
  /** Shown once, only when read out; never stored in clear. */
  code: z.string().nullable(),
  delivery: z.enum(unblockCodeDeliveries),
  expiresAt: z.iso.datetime(),
  sentTo: z.string().nullable(),
});

export const issuedEnrolment = z.object({ token: z.string(), link: z.string(), expiresAt: z.iso.datetime() });

/** One key of one agent. */
export const agentKeyParams = z.object({ id: z.uuid(), keyId: z.uuid() });

export const revokeAgentKeyBody = z.object({ reason: z.enum(['lost', 'locked', 'stolen', 'other']).default('other') }).optional();
export type RevokeAgentKeyBody = z.infer<typeof revokeAgentKeyBody>;

export const agentSessionsEnded = z.object({ ended: z.number().int() });
export type AgentSessionsEnded = z.infer<typeof agentSessionsEnded>;
