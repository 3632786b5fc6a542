// The helpdesk unblock procedure (ESTRAN deployment, modernised): after three strikes an
// agent is suspended; only the helpdesk restores them.
//
// Steps:
//   1. the agent exists in the actor's tenant; the actor may act for them
//      (credential-target.ts: not oneself, no right the helpdesk does not manage) → 404 / 403
//   2. the agent is suspended or locked out                                  → 409
//   3. every identity check the tenant requires is ticked                    → 400
//   4. SMS delivery needs a gateway and a mobile number on file              → 409
//   5. earlier live codes are voided; a new code (10 characters, unambiguous
//      alphabet, 15 minutes, 3 tries) is stored hashed, audited with both
//      agents' ids and the checks performed (auth's createUnblockCode: the
//      code lives in auth, from issue to redemption)                        → 201
//   6. it is shown once to the helpdesk to read out, or sent by SMS
import type { z } from 'zod';
import type { issueUnblockCodeBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import type { SmsSender } from '../../platform/sms.ts';
import { createUnblockCode, readAuthSettings, type SessionContext } from '../auth/index.ts';
import { agentById } from '../org/index.ts';
import { requireIdentityCheck } from './identity-check.ts';

export async function issueUnblockCode(
  database: Database,
  input: { actor: SessionContext; agentId: string; body: z.infer<typeof issueUnblockCodeBody>; sms: SmsSender | null; requestId?: string | undefined },
) {
  const { actor, agentId, body } = input;
  const issued = await database.tenant(actor.tenantId, async (tx) => {
    const agent = await agentById(tx, agentId, { forUpdate: true });
    if (!agent) throw notFound('Agent introuvable.');
    const locked = agent.lockedUntil && agent.lockedUntil.getTime() > Date.now();
    if (agent.status !== 'suspended' && !locked) throw conflict('Cet agent n’est pas bloqué : aucun code de déblocage n’est nécessaire.');
    const settings = await readAuthSettings(tx, actor.tenantId);
    const identityCheck = requireIdentityCheck(settings, body);
    if (body.delivery === 'sms') {
      if (!input.sms) throw conflict('L’envoi de SMS n’est pas configuré sur ce serveur : lisez le code à l’agent.');
      if (!agent.mobilePhone) throw conflict('Aucun numéro de mobile n’est enregistré pour cet agent : lisez le code à l’agent.');
    }
    const { code, expiresAt } = await createUnblockCode(tx, {
      tenantId: actor.tenantId,
      agentId,
      issuedBy: actor.agentId,
      identityCheck,
      delivery: body.delivery,
      requestId: input.requestId,
    });
    return { code, expiresAt, mobile: agent.mobilePhone };
  });
  if (body.delivery === 'sms') {
    await input.sms!.send(
      issued.mobile!,
      `Estran : votre code de déblocage est ${issued.code}. Valable 15 minutes, à usage unique. Ne le communiquez à personne.`,
    );
    const masked = issued.mobile!.replace(/\d(?=(?:\D*\d){2})/g, '•');
    return { code: null, delivery: 'sms' as const, expiresAt: issued.expiresAt.toISOString(), sentTo: masked };
  }
  return { code: issued.code, delivery: 'read-out' as const, expiresAt: issued.expiresAt.toISOString(), sentTo: null };
}
