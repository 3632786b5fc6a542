// What creating and changing units and sites check inside the transaction: a unit named
// as a parent (or as a site's unit) belongs to the tenant (row-level security hides the
// others: 404) and is open (a closed unit receives nothing new: 409); a unit's code is
// no other unit's of the tenant (409).
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { units } from './schema.ts';

/**
 * The open unit `id` of the tenant, locked (FOR SHARE) so it cannot be closed before the
 * transaction ends; 404 if another tenant's or unknown, 409 if closed.
 */
export async function openUnit(tx: Tx, id: string, role: 'parent' | 'site'): Promise<{ id: string; name: string }> {
  const [u] = await tx.select({ id: units.id, name: units.name, closedAt: units.closedAt }).from(units).where(eq(units.id, id)).for('share');
  if (!u) throw notFound(role === 'parent' ? 'Unité parente introuvable.' : 'Unité introuvable.');
  if (u.closedAt) {
    throw conflict(
      role === 'parent'
        ? `L’unité « ${u.name} » est fermée : elle ne peut plus recevoir de nouvelle unité.`
        : `L’unité « ${u.name} » est fermée : elle ne peut plus recevoir de nouveau site.`,
    );
  }
  return { id: u.id, name: u.name };
}

const codeTaken = (code: string) => conflict(`Le code « ${code} » est déjà celui d’une autre unité de la collectivité.`);

/** The code is no other unit's of the tenant, or 409. */
export async function checkUnitCode(tx: Tx, code: string, exceptUnitId?: string) {
  const [u] = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.code, code), exceptUnitId ? ne(units.id, exceptUnitId) : undefined));
  if (u) throw codeTaken(code);
}

/** A unique violation of the database (two writers at once): the same 409 as the check. */
export function asCodeConflict(error: unknown, code: string | undefined): never {
  const codeOf = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined);
  const cause = error && typeof error === 'object' && 'cause' in error ? (error as { cause: unknown }).cause : undefined;
  if (code !== undefined && (codeOf(error) === '23505' || codeOf(cause) === '23505')) throw codeTaken(code);
  throw error;
}
