// What the helpdesk sees of one agent: status, keys, open sessions, the identity checks
// the tenant requires, whether an unblock code is pending.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { HelpdeskAgentFile } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { unblockCodes } from '../auth/schema.ts';
import { agents, units } from '../org/schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { listKeys, listSessions, readAuthSettings, type SessionContext } from '../auth/index.ts';
import { presentHelpdeskAgent } from './search-agents.ts';

export async function agentFile(database: Database, actor: SessionContext, agentId: string, smsAvailable: boolean): Promise<HelpdeskAgentFile> {
  const base = await database.tenant(actor.tenantId, async (tx) => {
    const [row] = await tx
      .select({ agent: agents, unitName: units.name })
      .from(agents)
      .leftJoin(units, eq(units.id, agents.unitId))
      .where(eq(agents.id, agentId));
    if (!row) throw notFound('Agent introuvable.');
    const settings = await readAuthSettings(tx, actor.tenantId);
    const [pending] = await tx
      .select({ expiresAt: unblockCodes.expiresAt, attempts: unblockCodes.attempts })
      .from(unblockCodes)
      .where(and(eq(unblockCodes.agentId, agentId), isNull(unblockCodes.usedAt), isNull(unblockCodes.voidedAt), gt(unblockCodes.expiresAt, sql`now()`)))
      .orderBy(desc(unblockCodes.createdAt))
      .limit(1);
    return { row, settings, pending };
  });
  const { row, settings, pending } = base;
  return {
    agent: {
      ...presentHelpdeskAgent(row.agent, row.unitName),
      professionalPhone: row.agent.professionalPhone,
      mobilePhone: row.agent.mobilePhone,
      suspensionReason: row.agent.suspensionReason,
    },
    keys: await listKeys(database, actor.tenantId, agentId),
    sessions: await listSessions(database, actor, agentId),
    requiredChecks: settings.identityChecks,
    smsAvailable: smsAvailable && Boolean(row.agent.mobilePhone),
    pendingUnblockCode: pending ? { expiresAt: pending.expiresAt.toISOString(), attempts: pending.attempts } : null,
  };
}
