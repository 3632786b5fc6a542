// `estran enrolment create --agent <login>`: an invitation for an agent found by their
// professional e-mail, in one tenant (by slug) or, without one, in the operator's.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { agentIdByLogin, findTenantId } from '../org/index.ts';
import { enrolments } from './schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { createEnrolment } from './create-enrolment.ts';

export async function createEnrolmentForLogin(
  database: Database,
  input: { login: string; tenantSlug?: string | undefined; method?: 'security-key' | 'password-totp' | undefined },
) {
  const tenantId = await database.operator((tx) => findTenantId(tx, input.tenantSlug));
  const tenant = tenantId ? { id: tenantId } : undefined;
  if (!tenant) throw notFound(`Collectivité introuvable : ${input.tenantSlug ?? '(opérateur)'}.`);
  return database.tenant(tenant.id, async (tx) => {
    const agentId = await agentIdByLogin(tx, input.login);
    const agent = agentId ? { id: agentId } : undefined;
    if (!agent) throw notFound(`Aucun agent avec l’adresse ${input.login} dans cette collectivité.`);
    // The first administrator keeps the kind of invitation printed at first start until
    // security keys exist; everyone else is invited to enrol a key.
    const [first] = await tx
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(sql`${enrolments.agentId} = ${agent.id} and ${enrolments.purpose} = 'first-admin'`)
      .limit(1);
    const purpose = input.method ?? (first ? ('first-admin' as const) : ('security-key' as const));
    const result = await createEnrolment(tx, {
      tenantId: tenant.id,
      agentId: agent.id,
      purpose,
      actor: { type: 'cli' },
      replacePending: true,
    });
    return { ...result, purpose };
  });
}
