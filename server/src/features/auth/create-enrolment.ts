// Enrolment invitations: single use, expiring, bound to one agent. The token handed out
// is `<tenant id>.<secret>`; only the secret's SHA-256 is stored.
import { and, eq, isNull } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { enrolments } from './schema.ts';
import { randomToken, sha256, tenantToken } from '../../platform/crypto.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';

export async function createEnrolment(
  tx: Tx,
  input: {
    tenantId: string;
    agentId: string;
    purpose: 'first-admin' | 'security-key' | 'password-totp';
    actor: AuditActor;
    requestId?: string | undefined;
    /** Void the agent's earlier unused invitations of the same purpose. */
    replacePending?: boolean;
    /** More to record in the audit event (the helpdesk's identity check). */
    auditData?: Record<string, unknown>;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const now = new Date();
  if (input.replacePending) {
    await tx
      .update(enrolments)
      .set({ expiresAt: now })
      .where(
        and(
          eq(enrolments.agentId, input.agentId),
          eq(enrolments.purpose, input.purpose),
          isNull(enrolments.usedAt),
        ),
      );
  }
  const secret = randomToken();
  const expiresAt = new Date(now.getTime() + limits.enrolmentTtlMs);
  const [row] = await tx
    .insert(enrolments)
    .values({
      tenantId: input.tenantId,
      agentId: input.agentId,
      secretHash: sha256(secret),
      purpose: input.purpose,
      createdBy: input.actor.type === 'agent' ? input.actor.id : null,
      expiresAt,
    })
    .returning({ id: enrolments.id });
  await recordAudit(tx, input.tenantId, {
    action: 'enrolment.created',
    actor: input.actor,
    target: { type: 'agent', id: input.agentId },
    data: { ...input.auditData, enrolment: row!.id, purpose: input.purpose, expiresAt: expiresAt.toISOString() },
    requestId: input.requestId,
  });
  return { token: tenantToken(input.tenantId, secret), expiresAt };
}
