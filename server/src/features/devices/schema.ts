// The devices feature's table: the fleet of managed laptops and thin clients (tenant-scoped, RLS).
// The SQL of record is migrations/*.sql; these declarations type queries.
import { deviceKinds } from '@estran/contracts';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';

export const devices = pgTable('devices', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: deviceKinds }).notNull(),
  registrationHash: bytea('registration_hash'),
  secretHash: bytea('secret_hash'),
  assignedAgentId: uuid('assigned_agent_id'),
  registeredAt: timestamp('registered_at', { withTimezone: true }),
  stolenAt: timestamp('stolen_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
