// The audit trail's vocabulary shared with the database (audit_events.actor_type; the
// CHECK constraint of migration 0001, compared by server/src/db/check-constraints.test.ts)
// and the audit viewer's inputs and answers (server/src/features/audit, web/src/features/audit).
import { z } from 'zod';
import { limits } from '../limits.ts';
import { text } from '../text.ts';
import { isoDate } from '../guide/format.ts';
import { page } from '../org/schemas.ts';

/** Who acted: an agent's session, the server itself, the `estran` command, a service token. */
export const auditActorTypes = ['agent', 'system', 'cli', 'service'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

const filterText = text().trim().min(1).max(limits.searchQueryMax);

/**
 * The viewer's filters, all optional and combined with AND. The period's dates are whole
 * days in the tenant's time zone (Europe/Paris), both included.
 */
export const auditFilters = z.object({
  agentId: z.uuid().optional().meta({ description: 'Events by this agent or about this agent (actor or target)' }),
  actorId: z.uuid().optional().meta({ description: 'Events whose actor is this agent or service token' }),
  action: filterText.optional().meta({ description: 'Actions starting with this text (e.g. `agent.` or `session.revoked`)' }),
  targetType: filterText.optional().meta({ description: 'The object’s type (agent, session, device…)' }),
  targetId: filterText.optional().meta({ description: 'The object’s identifier' }),
  from: isoDate.optional().meta({ description: 'First day of the period (AAAA-MM-JJ), included' }),
  to: isoDate.optional().meta({ description: 'Last day of the period (AAAA-MM-JJ), included' }),
});
export type AuditFilters = z.infer<typeof auditFilters>;

/** A page of the trail, newest first. */
export const auditListQuery = auditFilters.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEventView = z.object({
  seq: z.number().int().meta({ description: 'The event’s rank in the tenant’s chain' }),
  id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  actorType: z.enum(auditActorTypes),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().meta({ description: 'The acting agent’s name; null for the server, the CLI, a service token or an agent no longer found' }),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof auditEventView>;
export const auditPage = page(auditEventView);

/** The tenant's chain recomputed (features/audit/verify-audit-chain.ts). */
export const auditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int().meta({ description: 'Events whose hash was recomputed before the first break, or all of them' }),
  firstBroken: z
    .object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() })
    .optional()
    .meta({ description: 'The first row that does not hold (changed, removed, inserted, or a truncated tail)' }),
});
export type AuditVerification = z.infer<typeof auditVerification>;

/** The export: CSV, UTF-8 with a byte-order mark, `;` between fields (French spreadsheets). */
export const auditCsv = z.string().meta({ description: 'CSV (UTF-8 with BOM, `;` separated, CRLF line ends), newest first' });
export const auditCsvContentType = 'text/csv; charset=utf-8';
