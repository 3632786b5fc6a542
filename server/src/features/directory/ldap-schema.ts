// The directory sync's tables (migrations/0014_jobs_and_ldap.sql, the SQL of record): the
// tenant's LDAP configuration (bind password sealed), its runs with their reports, and
// the agents a sync brought in by external id (the only ones it may deactivate).
import { ldapRunStatuses, ldapRunTriggers, ldapSchedules, ldapStopReasons, ldapTlsModes } from '@estran/contracts';
import type { LdapMapping } from '@estran/contracts';
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type StoredRefusal = { dn: string; field?: string | undefined; reason: string };

export const directoryLdapConfigs = pgTable('directory_ldap_configs', {
  tenantId: uuid('tenant_id').primaryKey(),
  url: text('url').notNull(),
  bindDn: text('bind_dn').notNull(),
  /** platform/secrets.ts seal(), context ldapBindPasswordContext(tenant). */
  bindPasswordSealed: text('bind_password_sealed'),
  baseDn: text('base_dn').notNull(),
  filter: text('filter').notNull(),
  tls: text('tls', { enum: ldapTlsModes }).notNull(),
  caCertificate: text('ca_certificate'),
  schedule: text('schedule', { enum: ldapSchedules }).notNull(),
  mapping: jsonb('mapping').$type<LdapMapping>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const directoryLdapRuns = pgTable('directory_ldap_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  trigger: text('trigger', { enum: ldapRunTriggers }).notNull(),
  status: text('status', { enum: ldapRunStatuses }).notNull(),
  stopReason: text('stop_reason', { enum: ldapStopReasons }),
  requestedBy: uuid('requested_by'),
  entries: integer('entries').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  deactivated: integer('deactivated').notNull().default(0),
  refused: jsonb('refused').$type<StoredRefusal[]>().notNull().default([]),
  pendingDeactivations: uuid('pending_deactivations').array().notNull().default([]),
  error: text('error'),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmedBy: uuid('confirmed_by'),
});

export const directoryLdapAgents = pgTable(
  'directory_ldap_agents',
  {
    tenantId: uuid('tenant_id').notNull(),
    externalId: text('external_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    dn: text('dn').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.externalId] })],
);
