import type { HelpdeskAgent, ListQuery, Page } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { searchAgentsForHelpdesk, type AgentRecord } from '../org/index.ts';

export function presentHelpdeskAgent(a: AgentRecord, unitName: string | null): HelpdeskAgent {
  return {
    id: a.id,
    displayName: `${a.firstName} ${a.lastName}`,
    email: a.email,
    component: a.component,
    unitName,
    roles: a.roles,
    status: a.status,
    failedAttempts: a.failedAttempts,
    suspendedAt: a.suspendedAt?.toISOString() ?? null,
    lockedUntil: a.lockedUntil && a.lockedUntil.getTime() > Date.now() ? a.lockedUntil.toISOString() : null,
  };
}

/** Finds agents by name, e-mail or phone; suspended ones first (org's searchAgentsForHelpdesk). */
export async function searchAgents(
  database: Database,
  tenantId: string,
  query: ListQuery & { status?: 'active' | 'suspended' | 'disabled' | undefined },
): Promise<Page<HelpdeskAgent>> {
  const { rows, total } = await database.tenant(tenantId, (tx) => searchAgentsForHelpdesk(tx, query));
  return { items: rows.map((r) => presentHelpdeskAgent(r.agent, r.unitName)), total, page: query.page, pageSize: query.pageSize };
}
