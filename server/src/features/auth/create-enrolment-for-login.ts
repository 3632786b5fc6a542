// `estran enrolment create --agent <login>`: an invitation for an agent found by their
// professional e-mail, in one tenant (by slug) or, without one, in the operator's.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { enrolments } from './schema.ts';
import { agents, tenants } from '../org/schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { createEnrolment } from './create-enrolment.ts';

export async function createEnrolmentForLogin(
  database: Database,
  input: { login: string; tenantSlug?: string | undefined; method?: 'security-key' | 'password-totp' | undefined },
) {
  const [tenant] = await database.operator((tx) =>
    tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(input.tenantSlug ? eq(tenants.slug, input.tenantSlug) : eq(tenants.isOperator, true)),
  );
  if (!tenant) throw notFound(`Collectivité introuvable : ${input.tenantSlug ?? '(opérateur)'}.`);
  return database.tenant(tenant.id, async (tx) => {
    const [agent] = await tx
      .select({ id: agents.id })
      .from(agents)
      .where(sql`lower(${agents.email}) = lower(${input.login})`);
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
