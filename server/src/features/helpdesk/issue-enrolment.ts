// An enrolment invitation issued by the helpdesk: a spare or new key, or password + TOTP
// for a personal computer. It lets its holder register a credential and open a session,
// so it is given exactly like an unblock code (issue 15, finding 2):
//   1. the agent exists in the actor's tenant; the actor may act for them
//      (credential-target.ts, checked by the route)                          → 404 / 403
//   2. every identity check the tenant requires is ticked                    → 400
//   3. earlier unused invitations of the same kind are voided; the new one is
//      stored hashed and audited with both agents and the checks performed  → 201
import type { z } from 'zod';
import type { issueEnrolmentBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { createEnrolment, readAuthSettings, type SessionContext } from '../auth/index.ts';
import { requireIdentityCheck } from './identity-check.ts';

export async function issueEnrolment(
  database: Database,
  input: { actor: SessionContext; agentId: string; body: z.infer<typeof issueEnrolmentBody>; requestId?: string | undefined },
): Promise<{ token: string; expiresAt: Date }> {
  const { actor, agentId, body } = input;
  return database.tenant(actor.tenantId, async (tx) => {
    const identityCheck = requireIdentityCheck(await readAuthSettings(tx, actor.tenantId), body);
    return createEnrolment(tx, {
      tenantId: actor.tenantId,
      agentId,
      purpose: body.method,
      actor: { type: 'agent', id: actor.agentId },
      requestId: input.requestId,
      replacePending: true,
      auditData: { helpdesk: actor.agentId, agent: agentId, identityCheck },
    });
  });
}
