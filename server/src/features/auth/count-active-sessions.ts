// Live sessions per tenant, for /metrics. Sessions are tenant-scoped under forced
// row-level security, so there is no cross-tenant count: one transaction lists the
// tenants in the operator's scope, then sets each tenant's context in turn and counts
// its rows (as purge_ended_sessions does, db/functions/purge_ended_sessions.sql). Live means what loadSession
// accepts: not revoked, before the absolute expiry and the idle deadline.
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { tenantsBySlug } from '../org/index.ts';
import { sessions } from './schema.ts';

export async function countActiveSessions(database: Database): Promise<{ tenantSlug: string; sessions: number }[]> {
  return database.operator(async (tx) => {
    const list = await tenantsBySlug(tx);
    const counts: { tenantSlug: string; sessions: number }[] = [];
    for (const t of list) {
      await tx.execute(sql`select set_config('app.tenant_id', ${t.id}, true)`);
      const [row] = await tx
        .select({ n: count() })
        .from(sessions)
        .where(
          and(
            eq(sessions.tenantId, t.id),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, sql`now()`),
            sql`${sessions.lastSeenAt} + ${sessions.idleTimeoutMs} * interval '1 millisecond' > now()`,
          ),
        );
      counts.push({ tenantSlug: t.slug, sessions: row?.n ?? 0 });
    }
    await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
    return counts;
  });
}
