// What an invitation is for, so the enrolment page shows the right steps (a key, or a
// password and an authenticator app). Says nothing more than the holder of the link may know.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { agentById } from '../org/index.ts';
import { enrolments } from './schema.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { badRequest, gone, notFound } from '../../platform/http-errors.ts';
import { enrolmentUsedMessage } from './login-failures.ts';

export async function enrolmentInfo(database: Database, token: string) {
  const parsed = parseTenantToken(token);
  if (!parsed) throw badRequest('Ce lien d’enrôlement est mal formé.');
  return database.tenant(parsed.tenantId, async (tx) => {
    const [invitation] = await tx.select().from(enrolments).where(eq(enrolments.secretHash, sha256(parsed.secret)));
    const agent = invitation && (await agentById(tx, invitation.agentId));
    if (!invitation || !agent) throw notFound('Ce lien d’enrôlement est inconnu.');
    if (invitation.usedAt) throw gone(enrolmentUsedMessage);
    if (invitation.expiresAt.getTime() <= Date.now()) throw gone('Ce lien d’enrôlement a expiré. Demandez-en un nouveau à l’assistance.');
    return {
      purpose: invitation.purpose,
      displayName: `${agent.firstName} ${agent.lastName}`,
      login: agent.email,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  });
}
