// The auth feature's tables: enrolment invitations, server-side sessions, security keys
// and their global directory, the login directory, WebAuthn challenges, throttling
// counters, password + TOTP credentials, and unblock codes. Tenant-scoped under RLS except
// the named global tables. The SQL of record is migrations/*.sql; these declarations type queries.
import { challengePurposes, enrolmentPurposes, sessionMethods, trustLevels, unblockCodeDeliveries } from '@estran/contracts';
import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';

export const enrolments = pgTable('enrolments', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  agentId: uuid('agent_id').notNull(),
  secretHash: bytea('secret_hash').notNull(),
  purpose: text('purpose', { enum: enrolmentPurposes }).notNull(),
  createdBy: uuid('created_by'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedCredentialId: uuid('used_credential_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  agentId: uuid('agent_id').notNull(),
  secretHash: bytea('secret_hash').notNull(),
  csrfToken: text('csrf_token').notNull(),
  trust: text('trust', { enum: trustLevels }).notNull(),
  authenticatedAt: timestamp('authenticated_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  idleTimeoutMs: integer('idle_timeout_ms').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  userAgent: text('user_agent'),
  ip: text('ip'),
  deviceId: uuid('device_id'),
  method: text('method', { enum: sessionMethods }).notNull().default('bootstrap'),
  credentialId: uuid('credential_id'),
});

export const webauthnCredentials = pgTable('webauthn_credentials', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  agentId: uuid('agent_id').notNull(),
  credentialId: text('credential_id').notNull(),
  publicKey: bytea('public_key').notNull(),
  counter: bigint('counter', { mode: 'number' }).notNull().default(0),
  transports: text('transports').array().notNull().default([]),
  aaguid: text('aaguid'),
  deviceType: text('device_type'),
  backedUp: boolean('backed_up').notNull().default(false),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: uuid('revoked_by'),
  revokedReason: text('revoked_reason'),
});

export const credentialDirectory = pgTable('credential_directory', {
  credentialId: text('credential_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
});

export const loginDirectory = pgTable('login_directory', {
  login: text('login').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
});

export const authChallenges = pgTable('auth_challenges', {
  challenge: text('challenge').primaryKey(),
  purpose: text('purpose', { enum: challengePurposes }).notNull(),
  tenantId: uuid('tenant_id'),
  agentId: uuid('agent_id'),
  enrolmentId: uuid('enrolment_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const throttleCounters = pgTable('throttle_counters', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});

export const passwordCredentials = pgTable('password_credentials', {
  agentId: uuid('agent_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  hash: text('hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const totpCredentials = pgTable('totp_credentials', {
  agentId: uuid('agent_id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  secret: text('secret').notNull(),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Unblock codes live in auth for their whole life, as the authentication credential they
 * are: issued by the helpdesk's procedure through createUnblockCode
 * (auth/create-unblock-code.ts, called from features/helpdesk/issue-unblock-code.ts after
 * the identity check), redeemed at login (auth/redeem-unblock-code.ts), and shown in the
 * agent's helpdesk file through credentialSummaryOf (auth/credential-summary.ts).
 */
export const unblockCodes = pgTable('unblock_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  agentId: uuid('agent_id').notNull(),
  codeHash: bytea('code_hash').notNull(),
  issuedBy: uuid('issued_by').notNull(),
  identityCheck: jsonb('identity_check').$type<Record<string, unknown>>().notNull(),
  delivery: text('delivery', { enum: unblockCodeDeliveries }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  voidedAt: timestamp('voided_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
