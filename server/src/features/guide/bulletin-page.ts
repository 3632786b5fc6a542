// What one bulletin changed: the laws and decrees behind it, and the articles it added,
// changed and removed.
import { and, eq } from 'drizzle-orm';
import type { BulletinPage } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { guideDocuments, guidePackages } from './schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { openGuide } from './guide-index.ts';

export async function bulletinPage(database: Database, input: { tenantId: string; guide?: string | undefined; published: string }): Promise<BulletinPage> {
  const { guide, index } = await openGuide(database, input.tenantId, input.guide);
  return database.tenant(input.tenantId, async (tx) => {
    const [pkg] = await tx.select().from(guidePackages).where(and(eq(guidePackages.guideId, guide.id), eq(guidePackages.published, input.published)));
    if (!pkg) throw notFound(`Aucune mise à jour du ${input.published} dans ce guide.`);
    const title = (path: string, heading: string) => index?.titles.get(path) ?? heading;
    const brought = await tx
      .select({ path: guideDocuments.path, number: guideDocuments.number, heading: guideDocuments.heading })
      .from(guideDocuments)
      .where(and(eq(guideDocuments.packageId, pkg.id), eq(guideDocuments.kind, 'article')));
    const ended = await tx
      .select({ path: guideDocuments.path, number: guideDocuments.number, heading: guideDocuments.heading })
      .from(guideDocuments)
      .where(and(eq(guideDocuments.guideId, guide.id), eq(guideDocuments.validTo, pkg.published), eq(guideDocuments.kind, 'article')));
    const endedPaths = new Set(ended.map((e) => e.path));
    const broughtPaths = new Set(brought.map((b) => b.path));
    const item = (r: { path: string; number: string | null; heading: string }) => ({ path: r.path, number: r.number ?? '', title: title(r.path, r.heading) });
    const byNumber = (a: { number: string }, b: { number: string }) => a.number.localeCompare(b.number, 'fr', { numeric: true });
    return {
      published: pkg.published,
      follows: pkg.follows,
      references: pkg.references,
      added: brought.filter((b) => !endedPaths.has(b.path)).map(item).sort(byNumber),
      changed: brought.filter((b) => endedPaths.has(b.path)).map(item).sort(byNumber),
      removed: ended.filter((e) => !broughtPaths.has(e.path)).map(item).sort(byNumber),
    };
  });
}
