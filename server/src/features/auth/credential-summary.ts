// An agent's credentials as the helpdesk's file on them shows them: keys, open sessions,
// and the unblock code still pending (unused, not voided, unexpired), if any.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { HelpdeskAgentFile } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { listKeys, listSessions } from './my-account.ts';
import { unblockCodes } from './schema.ts';
import type { SessionContext } from './sessions.ts';

export async function credentialSummaryOf(
  database: Database,
  viewer: SessionContext,
  agentId: string,
): Promise<Pick<HelpdeskAgentFile, 'keys' | 'sessions' | 'pendingUnblockCode'>> {
  const [pending] = await database.tenant(viewer.tenantId, (tx) =>
    tx
      .select({ expiresAt: unblockCodes.expiresAt, attempts: unblockCodes.attempts })
      .from(unblockCodes)
      .where(and(eq(unblockCodes.agentId, agentId), isNull(unblockCodes.usedAt), isNull(unblockCodes.voidedAt), gt(unblockCodes.expiresAt, sql`now()`)))
      .orderBy(desc(unblockCodes.createdAt))
      .limit(1),
  );
  return {
    keys: await listKeys(database, viewer.tenantId, agentId),
    sessions: await listSessions(database, viewer, agentId),
    pendingUnblockCode: pending ? { expiresAt: pending.expiresAt.toISOString(), attempts: pending.attempts } : null,
  };
}
