// Three strikes (issue: strong authentication). The server counts what it sees of one
// agent: assertions it rejects for one of the agent's credentials, and a right password
// with a wrong TOTP code. Wrong PINs never reach it (the key counts and locks itself).
// At the third consecutive strike the tenant's policy applies: suspension until the
// helpdesk unblocks (default), or a temporary lockout with growing delays.
import { and, eq, isNull } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { sessions } from './schema.ts';
import { recordAudit } from '../audit/index.ts';
import { addAgentStrike, clearAgentStrikes, lockOutAgent, suspendAgent } from '../org/index.ts';
import { countStrike } from '../../platform/metrics.ts';
import type { TenantAuthContext } from './auth-settings.ts';

export type StrikeOutcome = { kind: 'counted'; strikes: number } | { kind: 'suspended' } | { kind: 'locked'; seconds: number };

export async function recordStrike(
  tx: Tx,
  input: { tenantId: string; agentId: string; settings: TenantAuthContext; reason: string; requestId?: string | undefined; ip?: string | undefined },
): Promise<StrikeOutcome> {
  const row = await addAgentStrike(tx, input.agentId);
  const strikes = row.strikes;
  await recordAudit(tx, input.tenantId, {
    action: 'auth.strike',
    actor: { type: 'agent', id: input.agentId },
    target: { type: 'agent', id: input.agentId },
    data: { reason: input.reason, strikes, ip: input.ip ?? null },
    requestId: input.requestId,
  });
  countStrike(input.reason);
  if (strikes < limits.strikesBeforeSuspension) return { kind: 'counted', strikes };

  if (input.settings.strikesMode === 'lockout') {
    // 1, 2, 4, 8 … minutes, at most a day.
    const seconds = Math.min(60 * 2 ** row.lockouts, 24 * 3600);
    await lockOutAgent(tx, input.agentId, { lockouts: row.lockouts + 1, until: new Date(Date.now() + seconds * 1000) });
    await recordAudit(tx, input.tenantId, {
      action: 'agent.locked_out',
      actor: { type: 'system' },
      target: { type: 'agent', id: input.agentId },
      data: { seconds, reason: input.reason },
      requestId: input.requestId,
    });
    return { kind: 'locked', seconds };
  }

  // "The certificate is deactivated": every credential of the agent stops working, and
  // the sessions already open end, until the helpdesk unblock procedure.
  const now = new Date();
  await suspendAgent(tx, input.agentId, { at: now, reason: input.reason });
  await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.agentId, input.agentId), isNull(sessions.revokedAt)));
  await recordAudit(tx, input.tenantId, {
    action: 'agent.suspended',
    actor: { type: 'system' },
    target: { type: 'agent', id: input.agentId },
    data: { reason: input.reason, strikes },
    requestId: input.requestId,
  });
  return { kind: 'suspended' };
}

/** A successful authentication ends the run of failures. */
export async function clearStrikes(tx: Tx, agentId: string, current: number): Promise<void> {
  if (current > 0) await clearAgentStrikes(tx, agentId);
}
