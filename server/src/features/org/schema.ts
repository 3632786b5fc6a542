// Organisation model: tenants (global, named RLS exception), units, sites, agents.
// The SQL of record is migrations/0001_foundation.sql; these declarations type queries.
import { agentStatuses, components, languages, organisationLogoTypes, roles, siteKinds, tenantKinds, unitKinds } from '@estran/contracts';
import type { OpeningPeriod } from '@estran/contracts';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: tenantKinds }).notNull(),
  isOperator: boolean('is_operator').notNull().default(false),
  helpdeskPhone: text('helpdesk_phone'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /** IANA name dates are shown in; the logo's bytes, type and change time; the login page's host names (migration 0012). */
  timeZone: text('time_zone').notNull().default('Europe/Paris'),
  logo: bytea('logo'),
  logoType: text('logo_type', { enum: organisationLogoTypes }),
  logoUpdatedAt: timestamp('logo_updated_at', { withTimezone: true }),
  hostnames: text('hostnames').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const units = pgTable('units', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  parentId: uuid('parent_id'),
  kind: text('kind', { enum: unitKinds }).notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** NULL: open; closed units keep their history (migration 0009). */
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  unitId: uuid('unit_id'),
  kind: text('kind', { enum: siteKinds }).notNull(),
  name: text('name').notNull(),
  street: text('street'),
  postalCode: text('postal_code'),
  city: text('city').notNull(),
  sharedWithPartners: boolean('shared_with_partners').notNull().default(false),
  /** Contracts' openingHours, validated by the API (migration 0009). */
  openingHours: jsonb('opening_hours').$type<OpeningPeriod[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const agents = pgTable('agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email').notNull(),
  personalEmail: text('personal_email'),
  professionalPhone: text('professional_phone'),
  mobilePhone: text('mobile_phone'),
  component: text('component', { enum: components }).notNull(),
  unitId: uuid('unit_id'),
  siteId: uuid('site_id'),
  nomadic: boolean('nomadic').notNull().default(false),
  roles: text('roles', { enum: roles })
    .array()
    .notNull()
    .default(['agent']),
  status: text('status', { enum: agentStatuses }).notNull().default('active'),
  /** NULL: not chosen (migration 0008). */
  preferredLanguage: text('preferred_language', { enum: languages }),
  /** The directory's identifier (matricule), unique in the tenant when not null (migration 0010). */
  externalId: text('external_id'),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  suspendedAt: timestamp('suspended_at', { withTimezone: true }),
  suspensionReason: text('suspension_reason'),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lockouts: integer('lockouts').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
