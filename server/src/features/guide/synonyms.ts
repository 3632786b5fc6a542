// A guide's synonyms (table guide_synonyms, one row per guide): the field's words and
// abbreviations that its search treats as one. No row: the default list (contracts
// defaultSynonyms), so a guide follows improvements to it until someone edits its own.
// The search index of every server node picks a change up (guide-index.ts).
//
// Writing (save or reset), in order:
//   1. the guide the request means: the tenant's own, else the shared one      → 404
//   2. the agent may edit it: canEditGuide (the shared one: operator admins)    → 403
//   3. the list, tidied: spaces collapsed, repeats within a group dropped (case ignored);
//      a group still needs two phrases                                          → 400
//   4. in the guide's own scope (shared: the operator's), the row and an audit
//      event in the same transaction
import { eq, sql } from 'drizzle-orm';
import { canEditGuide, defaultSynonyms, distinctPhrases, type Actor, type GuideSynonyms } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { guideSynonyms, type guides } from './schema.ts';
import { badRequest, forbidden } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findGuide } from './find-guide.ts';

type Guide = typeof guides.$inferSelect;
type Editor = Actor & { tenantId: string; agentId: string };

async function listOf(tx: Tx, guide: Guide): Promise<GuideSynonyms> {
  const [row] = await tx.select().from(guideSynonyms).where(eq(guideSynonyms.guideId, guide.id));
  return {
    guide: guide.slug,
    shared: guide.tenantId === null,
    isDefault: !row,
    groups: row?.groups ?? defaultSynonyms,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The list in force for the guide a request means. */
export async function readSynonyms(database: Database, input: { tenantId: string; guide?: string | undefined }): Promise<GuideSynonyms> {
  return database.tenant(input.tenantId, async (tx) => listOf(tx, await findGuide(tx, input.tenantId, input.guide)));
}

/** Steps 1–2, then `write` in the guide's scope (step 4). */
async function editGuide<T>(database: Database, input: { editor: Editor; guide?: string | undefined }, write: (tx: Tx, guide: Guide) => Promise<T>): Promise<T> {
  const { editor } = input;
  const guide = await database.tenant(editor.tenantId, (tx) => findGuide(tx, editor.tenantId, input.guide));
  const shared = guide.tenantId === null;
  if (!canEditGuide(editor, { shared })) {
    throw forbidden(
      shared
        ? 'Ce guide est partagé par l’opérateur de mutualisation : seuls ses administrateurs peuvent modifier ses synonymes.'
        : 'Seuls les administrateurs de la collectivité peuvent modifier les synonymes du guide.',
    );
  }
  // The shared guide is written in the operator's scope, its audit event in the
  // operator's chain (the editor's tenant, since only its admins pass step 2).
  return shared ? database.operator((tx) => write(tx, guide), { tenantId: editor.tenantId }) : database.tenant(editor.tenantId, (tx) => write(tx, guide));
}

/** Step 3: the list as stored. */
export function tidySynonyms(groups: string[][]): string[][] {
  return groups.map((group, i) => {
    const phrases = distinctPhrases(group);
    if (phrases.length < 2) throw badRequest(`Groupe ${i + 1} : il faut au moins deux expressions différentes (« ${phrases[0] ?? ''} » seule).`);
    return phrases;
  });
}

export async function saveSynonyms(
  database: Database,
  input: { editor: Editor; guide?: string | undefined; groups: string[][]; requestId?: string | undefined },
): Promise<GuideSynonyms> {
  const groups = tidySynonyms(input.groups);
  return editGuide(database, input, async (tx, guide) => {
    await tx
      .insert(guideSynonyms)
      .values({ guideId: guide.id, tenantId: guide.tenantId, groups })
      .onConflictDoUpdate({ target: guideSynonyms.guideId, set: { groups, revision: sql`gen_random_uuid()`, updatedAt: sql`now()` } });
    await recordAudit(tx, input.editor.tenantId, {
      action: 'guide.synonyms_saved',
      actor: { type: 'agent', id: input.editor.agentId },
      target: { type: 'guide', id: guide.id },
      data: { guide: guide.slug, shared: guide.tenantId === null, groups: groups.length, phrases: groups.reduce((n, g) => n + g.length, 0) },
      requestId: input.requestId,
    });
    return listOf(tx, guide);
  });
}

/** Back to the default list: the guide's own list is deleted. */
export async function resetSynonyms(database: Database, input: { editor: Editor; guide?: string | undefined; requestId?: string | undefined }): Promise<GuideSynonyms> {
  return editGuide(database, input, async (tx, guide) => {
    const removed = await tx.delete(guideSynonyms).where(eq(guideSynonyms.guideId, guide.id)).returning({ guideId: guideSynonyms.guideId });
    if (removed.length) {
      await recordAudit(tx, input.editor.tenantId, {
        action: 'guide.synonyms_reset',
        actor: { type: 'agent', id: input.editor.agentId },
        target: { type: 'guide', id: guide.id },
        data: { guide: guide.slug, shared: guide.tenantId === null },
        requestId: input.requestId,
      });
    }
    return listOf(tx, guide);
  });
}
