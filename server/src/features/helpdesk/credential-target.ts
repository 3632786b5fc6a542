// Whom the helpdesk may act for (issue 15, findings 2 and 8). Before any action on an
// agent's credentials — unblock code, enrolment, key revocation, ending sessions:
//   1. the agent exists in the actor's own tenant (row-level security: an id from another
//      tenant, or no agent at all, is the same 404 — no existence oracle)        → 404
//   2. the actor is not that agent (separation of duties)                         → 403
//   3. the agent holds no right the helpdesk does not manage; administrators act
//      for anyone (contracts: canActOnCredentials)                                → 403
import { canActOnCredentials, type Role } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { forbidden, notFound } from '../../platform/http-errors.ts';
import type { SessionContext } from '../auth/index.ts';
import { agentRoles } from '../org/index.ts';

export async function credentialTarget(database: Database, actor: SessionContext, agentId: string): Promise<{ id: string; roles: Role[] }> {
  const target = await database.tenant(actor.tenantId, (tx) => agentRoles(tx, agentId));
  if (!target) throw notFound('Agent introuvable.');
  const who = { roles: actor.roles, operator: actor.operator, agentId: actor.agentId };
  if (canActOnCredentials(who, target)) return target;
  if (target.id === actor.agentId) throw forbidden('L’assistance n’agit pas sur son propre compte : demandez à un collègue.');
  throw forbidden(
    'Cet agent détient des droits que l’assistance ne gère pas (administration, assistance ou envoi d’alertes) : ' +
      'un administrateur de la collectivité s’en charge.',
  );
}
