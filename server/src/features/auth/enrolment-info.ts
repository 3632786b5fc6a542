// What an invitation is for, so the enrolment page shows the right steps (a key, or a
// password and an authenticator app). Says nothing more than the holder of the link may know.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { enrolments } from './schema.ts';
import { agents } from '../org/schema.ts';
import { parseTenantToken, sha256 } from '../../platform/crypto.ts';
import { badRequest, gone, notFound } from '../../platform/http-errors.ts';

export async function enrolmentInfo(database: Database, token: string) {
  const parsed = parseTenantToken(token);
  if (!parsed) throw badRequest('Ce lien d’enrôlement est mal formé.');
  return database.tenant(parsed.tenantId, async (tx) => {
    const [row] = await tx
      .select({ invitation: enrolments, first: agents.firstName, last: agents.lastName, email: agents.email })
      .from(enrolments)
      .innerJoin(agents, eq(agents.id, enrolments.agentId))
      .where(eq(enrolments.secretHash, sha256(parsed.secret)));
    if (!row) throw notFound('Ce lien d’enrôlement est inconnu.');
    if (row.invitation.usedAt) throw gone('Ce lien d’enrôlement a déjà été utilisé.');
    if (row.invitation.expiresAt.getTime() <= Date.now()) throw gone('Ce lien d’enrôlement a expiré. Demandez-en un nouveau à l’assistance.');
    return {
      purpose: row.invitation.purpose,
      displayName: `${row.first} ${row.last}`,
      login: row.email,
      expiresAt: row.invitation.expiresAt.toISOString(),
    };
  });
}
