// Resetting an agent's authenticator app (issue 17): the agent lost or changed the phone
// that holds their TOTP app, or fears someone else has it. Given exactly like an unblock
// code or an enrolment (issue 15, finding 2), in one transaction:
//   1. the agent exists in the actor's tenant; the actor may act for them
//      (credential-target.ts, checked by the route)                          → 404 / 403
//   2. every identity check the tenant requires is ticked                    → 400
//   3. the tenant allows password + TOTP; the agent is not deactivated       → 409
//   4. the old password and TOTP secret are deleted, the sessions opened
//      with them end, audited (auth's resetPasswordTotp)
//   5. a new password + TOTP invitation replaces any pending one, audited
//      with both agents and the checks performed                             → 201
import type { z } from 'zod';
import type { resetPasswordTotpBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { createEnrolment, readAuthSettings, resetPasswordTotp, type SessionContext } from '../auth/index.ts';
import { agentById } from '../org/index.ts';
import { requireIdentityCheck } from './identity-check.ts';

export async function resetAuthenticatorApp(
  database: Database,
  input: { actor: SessionContext; agentId: string; body: z.infer<typeof resetPasswordTotpBody>; requestId?: string | undefined },
): Promise<{ token: string; expiresAt: Date }> {
  const { actor, agentId, body } = input;
  return database.tenant(actor.tenantId, async (tx) => {
    const settings = await readAuthSettings(tx, actor.tenantId);
    const identityCheck = requireIdentityCheck(settings, body);
    if (!settings.allowPasswordTotp) throw conflict('Votre collectivité n’autorise pas la connexion par mot de passe et application : rien à réinitialiser.');
    const agent = await agentById(tx, agentId, { forUpdate: true });
    if (!agent) throw notFound('Agent introuvable.');
    if (agent.status === 'disabled') throw conflict('Cet agent est désactivé : un administrateur doit d’abord le réactiver.');
    const auditData = { helpdesk: actor.agentId, agent: agentId, identityCheck };
    const actorRef = { type: 'agent' as const, id: actor.agentId };
    await resetPasswordTotp(tx, { tenantId: actor.tenantId, agentId, actor: actorRef, requestId: input.requestId, auditData });
    return createEnrolment(tx, {
      tenantId: actor.tenantId,
      agentId,
      purpose: 'password-totp',
      actor: actorRef,
      requestId: input.requestId,
      replacePending: true,
      auditData: { ...auditData, reset: true },
    });
  });
}
