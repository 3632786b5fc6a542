// Resetting an agent's authenticator app (issue 17, the helpdesk's file), in the caller's
// transaction, after the helpdesk's identity check:
//   1. the agent's password and TOTP secret are deleted: the old password and the old
//      app's codes open nothing any more
//   2. the sessions opened with password + TOTP end (whoever holds the old app is out)
//   3. audited (auth.password_totp_reset) with the helpdesk agent and the check performed
// The new enrolment (password + TOTP) is issued next by the caller, in the same
// transaction (createEnrolment), so that the agent is never left with neither.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { passwordCredentials, sessions, totpCredentials } from './schema.ts';

export async function resetPasswordTotp(
  tx: Tx,
  input: { tenantId: string; agentId: string; actor: AuditActor; requestId?: string | undefined; auditData?: Record<string, unknown> },
): Promise<{ hadPasswordTotp: boolean; sessionsEnded: number }> {
  const passwords = await tx.delete(passwordCredentials).where(eq(passwordCredentials.agentId, input.agentId)).returning({ id: passwordCredentials.agentId });
  const totps = await tx.delete(totpCredentials).where(eq(totpCredentials.agentId, input.agentId)).returning({ id: totpCredentials.agentId });
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.agentId, input.agentId), eq(sessions.method, 'password-totp'), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  const hadPasswordTotp = passwords.length + totps.length > 0;
  await recordAudit(tx, input.tenantId, {
    action: 'auth.password_totp_reset',
    actor: input.actor,
    target: { type: 'agent', id: input.agentId },
    data: { ...input.auditData, hadPasswordTotp, sessions: ended.map((s) => s.id) },
    requestId: input.requestId,
  });
  return { hadPasswordTotp, sessionsEnded: ended.length };
}
