// What creating and changing an agent check inside the transaction: the unit and site
// belong to the tenant (row-level security hides the others: 404), the e-mail and the
// external id are free (409), and the tenant keeps an active administrator (422
// last_admin, the rule of contracts' policies/admin.ts).
import { and, eq, ne, sql } from 'drizzle-orm';
import { removesLastAdmin, type AgentStanding, type Role } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { conflict, HttpError, notFound } from '../../platform/http-errors.ts';
import { agents, sites, units } from './schema.ts';

export const lastAdmin = () =>
  new HttpError(
    422,
    'last_admin',
    'C’est le dernier administrateur actif de la collectivité : donnez d’abord le rôle administrateur à un autre agent.',
  );

/** A unit and a site of the transaction's tenant, or 404. */
export async function checkPlacement(tx: Tx, placement: { unitId?: string | null | undefined; siteId?: string | null | undefined }) {
  if (placement.unitId) {
    const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.id, placement.unitId));
    if (!u) throw notFound('Unité introuvable.');
  }
  if (placement.siteId) {
    const [s] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, placement.siteId));
    if (!s) throw notFound('Site introuvable.');
  }
}

/** The e-mail (case-insensitive) and the external id are no other agent's of the tenant, or 409. */
export async function checkUnique(tx: Tx, fields: { email?: string | undefined; externalId?: string | null | undefined }, exceptAgentId?: string) {
  const others = exceptAgentId ? ne(agents.id, exceptAgentId) : undefined;
  if (fields.email !== undefined) {
    const [a] = await tx.select({ id: agents.id }).from(agents).where(and(sql`lower(${agents.email}) = lower(${fields.email})`, others));
    if (a) throw conflict(`L’adresse ${fields.email} est déjà celle d’un autre agent.`);
  }
  if (fields.externalId) {
    const [a] = await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.externalId, fields.externalId), others));
    if (a) throw conflict(`L’identifiant externe « ${fields.externalId} » est déjà celui d’un autre agent.`);
  }
}

/**
 * Refuses (422 last_admin) a change that leaves the tenant without an active
 * administrator. The tenant's active administrators are locked first, so two
 * administrators removing each other at the same time cannot both succeed.
 */
export async function keepAnAdministrator(tx: Tx, target: AgentStanding, after: { roles: readonly Role[]; status: AgentStanding['status'] }) {
  const admins = await tx
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.status, 'active'), sql`'admin' = ANY(${agents.roles})`))
    .for('update');
  if (removesLastAdmin(admins, target, after)) throw lastAdmin();
}

/** A unique violation of the database (two writers at once): the same 409 as the checks. */
export function asConflict(error: unknown): never {
  const codeOf = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined);
  const cause = error && typeof error === 'object' && 'cause' in error ? (error as { cause: unknown }).cause : undefined;
  if (codeOf(error) === '23505' || codeOf(cause) === '23505') {
    throw conflict('L’adresse électronique ou l’identifiant externe est déjà celui d’un autre agent.');
  }
  throw error;
}
