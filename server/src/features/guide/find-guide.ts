import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { guides } from './schema.ts';
import { notFound } from '../../platform/http-errors.ts';

/**
 * The guide a request means: by slug, or the tenant's main guide — its own if it has
 * one, else the one the operator shares. Row-level security shows only those two kinds.
 */
export async function findGuide(tx: Tx, tenantId: string, slug: string | undefined) {
  const rows = await tx
    .select()
    .from(guides)
    .where(and(or(eq(guides.tenantId, tenantId), isNull(guides.tenantId)), slug ? eq(guides.slug, slug) : undefined))
    .orderBy(asc(guides.createdAt));
  const own = rows.find((g) => g.tenantId === tenantId);
  const guide = own ?? rows[0];
  if (!guide) throw notFound(slug ? `Guide introuvable : ${slug}.` : 'Aucun guide n’est encore publié pour votre collectivité.');
  return guide;
}
