// The viewer's filters as one SQL condition on audit_events, shared by the list and the
// export so that both show exactly the same events.
import { and, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AuditFilters } from '@estran/contracts';
import { auditEvents } from './schema.ts';

/**
 * The period's days are the tenant's: Europe/Paris, the time zone of every tenant today
 * (a day from 00:00 to 24:00 local time, summer time included). A per-tenant zone would
 * be read here.
 */
export const AUDIT_TIME_ZONE = 'Europe/Paris';

/** `q` as a LIKE prefix, its wildcards escaped (PostgreSQL's default escape is `\`). */
function prefixPattern(q: string): string {
  return `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function auditWhere(filters: AuditFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.agentId) {
    conditions.push(
      or(
        and(eq(auditEvents.actorType, 'agent'), eq(auditEvents.actorId, filters.agentId)),
        and(eq(auditEvents.targetType, 'agent'), eq(auditEvents.targetId, filters.agentId)),
      ),
    );
  }
  if (filters.actorId) conditions.push(eq(auditEvents.actorId, filters.actorId));
  if (filters.action) conditions.push(like(auditEvents.action, prefixPattern(filters.action)));
  if (filters.targetType) conditions.push(eq(auditEvents.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditEvents.targetId, filters.targetId));
  if (filters.from) conditions.push(gte(auditEvents.at, sql`(${filters.from}::date::timestamp at time zone ${AUDIT_TIME_ZONE})`));
  if (filters.to) conditions.push(lt(auditEvents.at, sql`((${filters.to}::date + 1)::timestamp at time zone ${AUDIT_TIME_ZONE})`));
  return and(...conditions);
}
