// A leaver (POST /api/admin/agents/{id}/deactivate): the agent's standing becomes
// `disabled`, and in the same transaction auth ends their sessions and revokes their keys,
// password + TOTP, pending invitations and unblock codes, and service-tokens revokes the
// tokens they created; each through its owner's index.ts. Their records stay (case files
// stay with the unit). Refused for the tenant's last active administrator (422 last_admin).
// Audited as agent.deactivated with what was revoked.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { revokeAgentCredentials } from '../auth/index.ts';
import { revokeServiceTokensCreatedBy } from '../service-tokens/index.ts';
import { keepAnAdministrator } from './agent-rules.ts';
import { agents } from './schema.ts';

export async function deactivateAgent(
  database: Database,
  input: { tenantId: string; agentId: string; actor: AuditActor; requestId?: string | undefined },
): Promise<{ status: 'disabled' }> {
  return database.tenant(input.tenantId, async (tx) => {
    const [agent] = await tx.select({ id: agents.id, roles: agents.roles, status: agents.status }).from(agents).where(eq(agents.id, input.agentId)).for('update');
    if (!agent) throw notFound('Agent introuvable.');
    if (agent.status === 'disabled') return { status: 'disabled' };
    await keepAnAdministrator(tx, agent, { roles: agent.roles, status: 'disabled' });
    await tx.update(agents).set({ status: 'disabled', updatedAt: new Date() }).where(eq(agents.id, input.agentId));
    const revoked = await revokeAgentCredentials(tx, input.agentId, {
      revokedBy: input.actor.type === 'agent' ? input.actor.id : null,
      reason: 'Agent désactivé',
    });
    const serviceTokens = await revokeServiceTokensCreatedBy(tx, input.agentId);
    await recordAudit(tx, input.tenantId, {
      action: 'agent.deactivated',
      actor: input.actor,
      target: { type: 'agent', id: input.agentId },
      data: { statusBefore: agent.status, revoked: { ...revoked, serviceTokens } },
      requestId: input.requestId,
    });
    return { status: 'disabled' };
  });
}
