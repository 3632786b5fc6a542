// The tenant's audit trail for the viewer: filtered, newest first, paged by offset like
// every admin list (the trail only grows at the top, so a page further down stays put
// while someone reads), each event with its acting agent's name.
import { count, desc } from 'drizzle-orm';
import type { AuditEventView, AuditListQuery, Page } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { agentNames } from '../org/index.ts';
import { auditWhere } from './audit-filters.ts';
import { auditEvents } from './schema.ts';

type Row = typeof auditEvents.$inferSelect;

/** Rows as the viewer and the export show them, with the acting agents' names (one query). */
export async function auditEventViews(tx: Tx, rows: Row[]): Promise<AuditEventView[]> {
  const names = await agentNames(
    tx,
    rows.flatMap((r) => (r.actorType === 'agent' && r.actorId ? [r.actorId] : [])),
  );
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    actorName: r.actorType === 'agent' && r.actorId ? (names.get(r.actorId) ?? null) : null,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    data: r.data,
    requestId: r.requestId,
  }));
}

/**
 * Not audited: each page read would append an event that the next page read shows on
 * top, and the trail would fill with reads of itself. Reading stays within Estran; the
 * export, which takes the trail out of it, is what export-audit-events.ts records.
 */
export async function listAuditEvents(database: Database, tenantId: string, query: AuditListQuery): Promise<Page<AuditEventView>> {
  return database.tenant(tenantId, async (tx) => {
    const where = auditWhere(query);
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(auditEvents).where(where);
    const rows = await tx
      .select()
      .from(auditEvents)
      .where(where)
      .orderBy(desc(auditEvents.seq))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: await auditEventViews(tx, rows), total, page: query.page, pageSize: query.pageSize };
  });
}
