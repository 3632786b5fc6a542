// What other features need to know of agents, without reading the agents table
// themselves (ARCHITECTURE.md: features talk through their index.ts). Each function runs
// in the caller's transaction (database.tenant: row-level security keeps it to one tenant).
import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { agents } from './schema.ts';

/** An agent as org stores it. */
export type AgentRecord = typeof agents.$inferSelect;

/** The agent with this id, or undefined. */
export async function agentById(tx: Tx, agentId: string, options: { forUpdate?: boolean } = {}): Promise<AgentRecord | undefined> {
  const query = tx.select().from(agents).where(eq(agents.id, agentId));
  const [agent] = options.forUpdate ? await query.for('update') : await query;
  return agent;
}

/** The agent whose professional e-mail, lower-cased, is `login` (already lower case), or undefined. */
export async function agentByLogin(tx: Tx, login: string): Promise<AgentRecord | undefined> {
  const [agent] = await tx.select().from(agents).where(sql`lower(${agents.email}) = ${login}`);
  return agent;
}

/** The id of the agent whose professional e-mail is `login`, compared case-insensitively. */
export async function agentIdByLogin(tx: Tx, login: string): Promise<string | undefined> {
  const [agent] = await tx
    .select({ id: agents.id })
    .from(agents)
    .where(sql`lower(${agents.email}) = lower(${login})`);
  return agent?.id;
}

/** The id of the agent whose stored e-mail is exactly `email`. */
export async function agentIdByEmail(tx: Tx, email: string): Promise<string | undefined> {
  const [agent] = await tx.select({ id: agents.id }).from(agents).where(eq(agents.email, email));
  return agent?.id;
}

/** Agents' display names ("First Last") by id; ids not found are absent. */
export async function agentNames(tx: Tx, agentIds: string[]): Promise<Map<string, string>> {
  if (agentIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: agents.id, first: agents.firstName, last: agents.lastName })
    .from(agents)
    .where(inArray(agents.id, [...new Set(agentIds)]));
  return new Map(rows.map((r) => [r.id, `${r.first} ${r.last}`]));
}

/** An agent's id and roles, for deciding who may act on their credentials. */
export async function agentRoles(tx: Tx, agentId: string): Promise<Pick<AgentRecord, 'id' | 'roles'> | undefined> {
  const [agent] = await tx.select({ id: agents.id, roles: agents.roles }).from(agents).where(eq(agents.id, agentId));
  return agent;
}

/** First start: the operator's first administrator (agent, admin, helpdesk); returns its id. */
export async function createFirstAdministrator(tx: Tx, input: { tenantId: string; email: string }): Promise<string> {
  const [admin] = await tx
    .insert(agents)
    .values({
      tenantId: input.tenantId,
      firstName: 'Premier',
      lastName: 'Administrateur',
      email: input.email,
      component: 'administration',
      roles: ['agent', 'admin', 'helpdesk'],
    })
    .returning({ id: agents.id });
  return admin!.id;
}
