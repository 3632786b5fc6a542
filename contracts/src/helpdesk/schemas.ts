import { z } from 'zod';
import { enrolmentPurposes, securityKey, sessionSummary, unblockCodeDeliveries } from '../auth/schemas.ts';
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

export const helpdeskAgentFile = z.object({
  agent: helpdeskAgent.extend({
    professionalPhone: z.string().nullable(),
    mobilePhone: z.string().nullable(),
    suspensionReason: z.string().nullable(),
  }),
  keys: z.array(securityKey),
  sessions: z.array(sessionSummary),
  /** The identity checks this tenant requires before an unblock code. */
  requiredChecks: z.array(z.enum(['callback', 'questions', 'manager'])),
  smsAvailable: z.boolean(),
  pendingUnblockCode: z.object({ expiresAt: z.iso.datetime(), attempts: z.number().int() }).nullable(),
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
