// The agent's standing as auth's three strikes change it (failed attempts, suspension,
// lockout). The columns live on org's agents row; auth decides when (auth/strikes.ts,
// the unblock redemption) and calls these, in its own transaction.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { agents } from './schema.ts';

/** One more failed attempt; the new count and the lockouts so far. */
export async function addAgentStrike(tx: Tx, agentId: string): Promise<{ strikes: number; lockouts: number }> {
  const [row] = await tx
    .update(agents)
    .set({ failedAttempts: sql`${agents.failedAttempts} + 1`, updatedAt: new Date() })
    .where(eq(agents.id, agentId))
    .returning({ strikes: agents.failedAttempts, lockouts: agents.lockouts });
  return row!;
}

/** A temporary lockout: the count starts again, one more lockout, refused until `until`. */
export async function lockOutAgent(tx: Tx, agentId: string, input: { lockouts: number; until: Date }): Promise<void> {
  await tx
    .update(agents)
    .set({ failedAttempts: 0, lockouts: input.lockouts, lockedUntil: input.until })
    .where(eq(agents.id, agentId));
}

/**
 * Suspended until the helpdesk unblocks. A deactivated agent (a leaver presenting a
 * revoked key) stays disabled: a suspension, lifted by an unblock code, must never be
 * the way back in that only an administrator's reactivation is.
 */
export async function suspendAgent(tx: Tx, agentId: string, input: { at: Date; reason: string }): Promise<void> {
  await tx
    .update(agents)
    .set({ status: 'suspended', suspendedAt: input.at, suspensionReason: input.reason })
    .where(and(eq(agents.id, agentId), ne(agents.status, 'disabled')));
}

/** The run of failures ends. */
export async function clearAgentStrikes(tx: Tx, agentId: string): Promise<void> {
  await tx.update(agents).set({ failedAttempts: 0 }).where(eq(agents.id, agentId));
}

/** Unblocked: strikes, suspension and lockout cleared (a disabled agent stays disabled). */
export async function liftAgentSuspension(tx: Tx, agent: { id: string; status: AgentStatusOf }, at: Date): Promise<void> {
  await tx
    .update(agents)
    .set({
      status: agent.status === 'suspended' ? 'active' : agent.status,
      failedAttempts: 0,
      suspendedAt: null,
      suspensionReason: null,
      lockedUntil: null,
      updatedAt: at,
    })
    .where(eq(agents.id, agent.id));
}

type AgentStatusOf = (typeof agents.$inferSelect)['status'];
