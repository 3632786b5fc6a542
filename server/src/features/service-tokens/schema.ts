// The service-tokens feature's table: integrations' bearer tokens, stored hashed (tenant-scoped, RLS).
// The SQL of record is migrations/*.sql; these declarations type queries.
import { serviceScopes } from '@estran/contracts';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';

export const serviceTokens = pgTable('service_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  secretHash: bytea('secret_hash').notNull(),
  /** No CHECK in SQL (migration 0002): the API validates scopes against serviceScopes. */
  scopes: text('scopes', { enum: serviceScopes }).array().notNull(),
  createdBy: uuid('created_by'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
