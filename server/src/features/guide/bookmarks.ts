// Bookmarks and private notes on articles: the agent's own, never shown to anyone else.
// A note may hold personal data: saving and removing are audited (without the text).
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Bookmark } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { guideBookmarks, guideDocuments } from './schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { findGuide } from './find-guide.ts';
import { openGuide } from './guide-index.ts';

type Who = { tenantId: string; agentId: string; guide?: string | undefined };

export async function listBookmarks(database: Database, who: Who): Promise<Bookmark[]> {
  const { guide, index } = await openGuide(database, who.tenantId, who.guide);
  return database.tenant(who.tenantId, async (tx) => {
    // Each bookmark with its article's latest version (a removed article keeps its bookmark).
    const rows = await tx
      .selectDistinctOn([guideBookmarks.path], { b: guideBookmarks, number: guideDocuments.number, heading: guideDocuments.heading })
      .from(guideBookmarks)
      .leftJoin(guideDocuments, and(eq(guideDocuments.guideId, guideBookmarks.guideId), eq(guideDocuments.path, guideBookmarks.path)))
      .where(and(eq(guideBookmarks.agentId, who.agentId), eq(guideBookmarks.guideId, guide.id)))
      .orderBy(asc(guideBookmarks.path), desc(guideDocuments.validFrom));
    return rows.map(({ b, number, heading }) => ({
      path: b.path,
      number,
      title: index?.titles.get(b.path) ?? heading ?? b.path,
      note: b.note,
      updatedAt: b.updatedAt.toISOString(),
    }));
  });
}

export async function saveBookmark(database: Database, who: Who & { path: string; note: string | null; requestId?: string | undefined }): Promise<Bookmark> {
  const { guide, index } = await openGuide(database, who.tenantId, who.guide);
  return database.tenant(who.tenantId, async (tx) => {
    const [doc] = await tx
      .select({ heading: guideDocuments.heading, number: guideDocuments.number })
      .from(guideDocuments)
      .where(and(eq(guideDocuments.guideId, guide.id), eq(guideDocuments.path, who.path), isNull(guideDocuments.validTo), eq(guideDocuments.kind, 'article')));
    if (!doc) throw notFound('Article introuvable dans ce guide.');
    const note = who.note?.trim() ? who.note.trim() : null;
    const [row] = await tx
      .insert(guideBookmarks)
      .values({ tenantId: who.tenantId, agentId: who.agentId, guideId: guide.id, path: who.path, note })
      .onConflictDoUpdate({ target: [guideBookmarks.tenantId, guideBookmarks.agentId, guideBookmarks.guideId, guideBookmarks.path], set: { note, updatedAt: new Date() } })
      .returning();
    await recordAudit(tx, who.tenantId, {
      action: 'guide.bookmark_saved',
      actor: { type: 'agent', id: who.agentId },
      target: { type: 'guide_article', id: who.path },
      data: { withNote: note !== null },
      requestId: who.requestId,
    });
    return { path: row!.path, number: doc.number, title: index?.titles.get(row!.path) ?? doc.heading, note: row!.note, updatedAt: row!.updatedAt.toISOString() };
  });
}

export async function removeBookmark(database: Database, who: Who & { path: string; requestId?: string | undefined }): Promise<void> {
  await database.tenant(who.tenantId, async (tx) => {
    const guide = await findGuide(tx, who.tenantId, who.guide);
    const gone = await tx
      .delete(guideBookmarks)
      .where(and(eq(guideBookmarks.agentId, who.agentId), eq(guideBookmarks.guideId, guide.id), eq(guideBookmarks.path, who.path)))
      .returning({ path: guideBookmarks.path });
    if (gone.length === 0) throw notFound('Ce favori n’existe pas.');
    await recordAudit(tx, who.tenantId, {
      action: 'guide.bookmark_removed',
      actor: { type: 'agent', id: who.agentId },
      target: { type: 'guide_article', id: who.path },
      requestId: who.requestId,
    });
  });
}
