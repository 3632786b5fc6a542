// The tenant's audit trail as CSV, for a spreadsheet or an inspector: UTF-8 with a
// byte-order mark and `;` between fields (what a French Excel or LibreOffice opens
// without an import dialog), CRLF line ends (RFC 4180 §2.1), newest first, the viewer's
// filters. Streamed in batches, each read in its own short transaction (the embedded
// database has one connection: a long export must not hold it), down from the last event
// that existed when the export began, so rows appended meanwhile do not shift it.
import { Readable } from 'node:stream';
import { and, desc, lte, lt, max } from 'drizzle-orm';
import type { AuditEventView, AuditFilters } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from './record-audit.ts';
import { recordAudit } from './record-audit.ts';
import { auditWhere, AUDIT_TIME_ZONE } from './audit-filters.ts';
import { auditEventViews } from './list-audit-events.ts';
import { auditEvents } from './schema.ts';
import { csvLine } from '../../platform/csv.ts';

const BATCH = 1000;

export const AUDIT_CSV_HEADER = ['numéro', 'date', 'type d’auteur', 'auteur', 'nom de l’auteur', 'action', 'type d’objet', 'objet', 'détails', 'requête'];

/** Local time as a spreadsheet reads a date and time: "2026-12-02 19:31:05" (Europe/Paris). */
const localTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: AUDIT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function eventLine(e: AuditEventView): string {
  return csvLine([
    e.seq,
    localTime.format(new Date(e.at)),
    e.actorType,
    e.actorId,
    e.actorName,
    e.action,
    e.targetType,
    e.targetId,
    Object.keys(e.data).length ? JSON.stringify(e.data) : '',
    e.requestId,
  ]);
}

/**
 * Records the export (`audit.exported`, with its filters) and returns the CSV stream. The
 * export is audited, unlike a page read (list-audit-events.ts): it takes the trail, with
 * the names in it, out of Estran. Its own event comes after the export's last row.
 */
export async function exportAuditEvents(
  database: Database,
  input: { tenantId: string; filters: AuditFilters; actor: AuditActor; requestId?: string },
): Promise<Readable> {
  const where = auditWhere(input.filters);
  const last = await database.tenant(input.tenantId, async (tx) => {
    const [row] = await tx.select({ seq: max(auditEvents.seq) }).from(auditEvents);
    await recordAudit(tx, input.tenantId, {
      action: 'audit.exported',
      actor: input.actor,
      data: { filters: input.filters },
      requestId: input.requestId,
    });
    return row?.seq ?? 0;
  });
  async function* lines() {
    yield `\uFEFF${csvLine(AUDIT_CSV_HEADER)}`;
    let below = Number(last) + 1;
    for (;;) {
      const batch = await database.tenant(input.tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(auditEvents)
          .where(and(where, lt(auditEvents.seq, below), lte(auditEvents.seq, Number(last))))
          .orderBy(desc(auditEvents.seq))
          .limit(BATCH);
        return auditEventViews(tx, rows);
      });
      if (batch.length) yield batch.map(eventLine).join('');
      if (batch.length < BATCH) return;
      below = batch[batch.length - 1]!.seq;
    }
  }
  return Readable.from(lines());
}
