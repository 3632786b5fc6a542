// Test factories: tenants, agents and sessions written through the same code paths
// as production (RLS context, audit), so tests exercise the real rules.
import { randomUUID } from 'node:crypto';
import type { Role } from '@estran/contracts';
import type { Database } from '../src/db/client.ts';
import { agents, tenants } from '../src/db/schema.ts';
import { createSession } from '../src/features/auth/index.ts';

export async function makeTenant(database: Database, input: { name?: string; operator?: boolean } = {}) {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const [row] = await database.operator((tx) =>
    tx
      .insert(tenants)
      .values({
        slug,
        name: input.name ?? `Collectivité ${slug}`,
        kind: input.operator ? 'operator' : 'commune',
        isOperator: input.operator ?? false,
        helpdeskPhone: '02 96 00 00 00',
      })
      .returning(),
  );
  return row!;
}

export async function makeAgent(
  database: Database,
  tenantId: string,
  input: { roles?: Role[]; email?: string; firstName?: string; lastName?: string } = {},
) {
  const [row] = await database.tenant(tenantId, (tx) =>
    tx
      .insert(agents)
      .values({
        tenantId,
        firstName: input.firstName ?? 'Claire',
        lastName: input.lastName ?? `Agent-${randomUUID().slice(0, 6)}`,
        email: input.email ?? `${randomUUID().slice(0, 8)}@example.fr`,
        component: 'general_social_work',
        roles: input.roles ?? ['agent'],
      })
      .returning(),
  );
  return row!;
}

/** A logged-in agent: the cookie header and CSRF token to send with app.inject. */
export async function makeSession(database: Database, tenantId: string, agentId: string) {
  const s = await database.tenant(tenantId, (tx) =>
    createSession(tx, { tenantId, agentId, trust: 'managed', method: 'security-key', actor: { type: 'agent', id: agentId } }),
  );
  return { cookie: `__Host-estran-session=${s.cookie}`, csrfToken: s.csrfToken, sessionId: s.sessionId };
}
