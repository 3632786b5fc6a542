// The devices feature's tables (tenant-scoped, RLS): the fleet. `devices` holds the
// computers of the inventory — registered or not — with their registration and their
// status; `fleet_keys` the security keys handed out; `fleet_assignments` who held which
// item when; `fleet_waves` and `fleet_wave_agents` the deployment waves.
// The SQL of record is migrations/*.sql (0002, 0013); these declarations type queries.
import { deviceKinds, fleetKeyStatuses, laptopStatuses } from '@estran/contracts';
import { date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';

export const devices = pgTable('devices', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: deviceKinds }).notNull(),
  serial: text('serial'),
  model: text('model'),
  status: text('status', { enum: laptopStatuses }).notNull().default('in-stock'),
  registrationHash: bytea('registration_hash'),
  secretHash: bytea('secret_hash'),
  assignedAgentId: uuid('assigned_agent_id'),
  registeredAt: timestamp('registered_at', { withTimezone: true }),
  registeredUserAgent: text('registered_user_agent'),
  stolenAt: timestamp('stolen_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const fleetKeys = pgTable('fleet_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  serial: text('serial'),
  aaguid: uuid('aaguid'),
  model: text('model'),
  status: text('status', { enum: fleetKeyStatuses }).notNull().default('in-stock'),
  assignedAgentId: uuid('assigned_agent_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const fleetAssignments = pgTable('fleet_assignments', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  deviceId: uuid('device_id'),
  keyId: uuid('key_id'),
  agentId: uuid('agent_id').notNull(),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  returnedAt: timestamp('returned_at', { withTimezone: true }),
});

export const fleetWaves = pgTable('fleet_waves', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const fleetWaveAgents = pgTable(
  'fleet_wave_agents',
  {
    tenantId: uuid('tenant_id').notNull(),
    waveId: uuid('wave_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.waveId, t.agentId] })],
);
