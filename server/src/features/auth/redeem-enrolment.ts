// Opens the first administrator's one-time link. Until the security-key feature lands,
// this is the only way in, and it opens a `bootstrap` session for that agent alone.
//
// Checks, in order:
//   1. the token is well formed (else 400);
//   2. an invitation with that secret exists in the token's tenant (else 404);
//   3. it was not used (else 410) and has not expired (else 410);
//   4. its agent is active (else 403);
//   5. it is marked used and the session is created, audited, in one transaction.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { agents, enrolments, tenants } from '../../db/schema/index.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { badRequest, forbidden, gone, notFound } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { createSession, type SessionContext } from './sessions.ts';

export async function redeemEnrolment(
  database: Database,
  input: { token: string; userAgent?: string | undefined; ip?: string | undefined; requestId?: string | undefined },
) {
  const parsed = parseTenantToken(input.token);
  if (!parsed) throw badRequest('Ce lien d’enrôlement est mal formé.');
  return database.tenant(parsed.tenantId, async (tx) => {
    const [invitation] = await tx
      .select()
      .from(enrolments)
      .where(eq(enrolments.secretHash, sha256(parsed.secret)))
      .for('update');
    if (!invitation) throw notFound('Ce lien d’enrôlement est inconnu.');
    if (invitation.usedAt) throw gone('Ce lien d’enrôlement a déjà été utilisé.');
    if (invitation.expiresAt.getTime() <= Date.now()) throw gone('Ce lien d’enrôlement a expiré.');
    if (invitation.purpose !== 'first-admin') {
      throw forbidden('Ce lien sert à enregistrer une clé de sécurité.');
    }
    const [agent] = await tx.select().from(agents).where(eq(agents.id, invitation.agentId));
    if (!agent || agent.status !== 'active') throw forbidden('Ce compte n’est pas actif.');
    await tx.update(enrolments).set({ usedAt: new Date() }).where(eq(enrolments.id, invitation.id));
    const actor = { type: 'agent', id: agent.id } as const;
    await recordAudit(tx, parsed.tenantId, {
      action: 'enrolment.redeemed',
      actor,
      target: { type: 'agent', id: agent.id },
      data: { enrolment: invitation.id, purpose: invitation.purpose },
      requestId: input.requestId,
    });
    const session = await createSession(tx, {
      tenantId: parsed.tenantId,
      agentId: agent.id,
      trust: 'bootstrap',
      userAgent: input.userAgent,
      ip: input.ip,
      requestId: input.requestId,
      actor,
    });
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, parsed.tenantId));
    const context: SessionContext = {
      sessionId: session.sessionId,
      tenantId: parsed.tenantId,
      tenantName: tenant!.name,
      operator: tenant!.isOperator,
      agentId: agent.id,
      displayName: `${agent.firstName} ${agent.lastName}`,
      roles: agent.roles,
      trust: 'bootstrap',
      authenticatedAt: new Date(),
      expiresAt: session.expiresAt,
      csrfToken: session.csrfToken,
    };
    return { cookie: session.cookie, context };
  });
}
