// The reference guide (features/guide): guides, applied packages, document versions,
// readers' bookmarks and visits, and each guide's search synonyms.
import { guideDocumentKinds, guidePackageKinds } from '@estran/contracts';
import { date, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const guides = pgTable('guides', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id'),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const guidePackages = pgTable('guide_packages', {
  id: uuid('id').primaryKey().defaultRandom(),
  guideId: uuid('guide_id').notNull(),
  tenantId: uuid('tenant_id'),
  kind: text('kind', { enum: guidePackageKinds }).notNull(),
  published: date('published', { mode: 'string' }).notNull(),
  follows: date('follows', { mode: 'string' }),
  references: jsonb('references').$type<string[]>().notNull().default([]),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});

export const guideDocuments = pgTable(
  'guide_documents',
  {
    guideId: uuid('guide_id').notNull(),
    tenantId: uuid('tenant_id'),
    path: text('path').notNull(),
    kind: text('kind', { enum: guideDocumentKinds }).notNull(),
    number: text('number'),
    heading: text('heading').notNull(),
    body: text('body').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    packageId: uuid('package_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.guideId, t.path, t.validFrom] })],
);

export const guideBookmarks = pgTable(
  'guide_bookmarks',
  {
    tenantId: uuid('tenant_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    guideId: uuid('guide_id').notNull(),
    path: text('path').notNull(),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.agentId, t.guideId, t.path] })],
);

export const guideVisits = pgTable(
  'guide_visits',
  {
    tenantId: uuid('tenant_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    guideId: uuid('guide_id').notNull(),
    lastVisitAt: timestamp('last_visit_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.agentId, t.guideId] })],
);

/** A guide's synonyms for search (migration 0005); no row: the default list. */
export const guideSynonyms = pgTable('guide_synonyms', {
  guideId: uuid('guide_id').primaryKey(),
  tenantId: uuid('tenant_id'),
  groups: jsonb('groups').$type<string[][]>().notNull(),
  /** New at every write: server nodes rebuild their search index when it changes. */
  revision: uuid('revision').notNull().defaultRandom(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
