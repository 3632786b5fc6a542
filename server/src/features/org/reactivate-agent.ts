// A deactivated agent comes back (POST /api/admin/agents/{id}/reactivate): their standing
// becomes `active` again, with no credential: they need a new enrolment, which the
// administrator creates as today. A suspended agent is not for this (the helpdesk's
// unblock code lifts a suspension): 409. Audited as agent.reactivated.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { agents } from './schema.ts';

export async function reactivateAgent(
  database: Database,
  input: { tenantId: string; agentId: string; actor: AuditActor; requestId?: string | undefined },
): Promise<{ status: 'active' }> {
  return database.tenant(input.tenantId, async (tx) => {
    const [agent] = await tx.select({ status: agents.status }).from(agents).where(eq(agents.id, input.agentId)).for('update');
    if (!agent) throw notFound('Agent introuvable.');
    if (agent.status === 'active') return { status: 'active' };
    if (agent.status === 'suspended') {
      throw conflict('Cet agent est bloqué après trois échecs, pas désactivé : l’assistance le débloque avec un code de déblocage.');
    }
    await tx
      .update(agents)
      .set({ status: 'active', failedAttempts: 0, suspendedAt: null, suspensionReason: null, lockedUntil: null, updatedAt: new Date() })
      .where(eq(agents.id, input.agentId));
    await recordAudit(tx, input.tenantId, {
      action: 'agent.reactivated',
      actor: input.actor,
      target: { type: 'agent', id: input.agentId },
      data: { statusBefore: agent.status },
      requestId: input.requestId,
    });
    return { status: 'active' };
  });
}
