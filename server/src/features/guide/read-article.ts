// An article as it was in force at a date, with the list of its versions and the
// bulletin that brought each.
import { and, asc, eq } from 'drizzle-orm';
import { referencedNumbers } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { guideDocuments, guidePackages } from './schema.ts';
import { notFound } from '../../platform/http-errors.ts';
import { openGuide } from './guide-index.ts';

export async function readArticle(database: Database, input: { tenantId: string; guide?: string | undefined; path: string; at: string }) {
  const { guide, index } = await openGuide(database, input.tenantId, input.guide);
  return database.tenant(input.tenantId, async (tx) => {
    const versions = await tx
      .select({ doc: guideDocuments, published: guidePackages.published, kind: guidePackages.kind })
      .from(guideDocuments)
      .innerJoin(guidePackages, eq(guidePackages.id, guideDocuments.packageId))
      .where(and(eq(guideDocuments.guideId, guide.id), eq(guideDocuments.path, input.path), eq(guideDocuments.kind, 'article')))
      .orderBy(asc(guideDocuments.validFrom));
    if (versions.length === 0) throw notFound('Article introuvable dans ce guide.');
    const current = versions.find(
      (v) => v.doc.validFrom <= input.at && (v.doc.validTo === null || input.at < v.doc.validTo),
    );
    if (!current) throw notFound(`Cet article n’était pas en vigueur le ${input.at}.`);
    return {
      path: input.path,
      number: current.doc.number!,
      title: index?.titles.get(input.path) ?? current.doc.heading,
      text: current.doc.body,
      validFrom: current.doc.validFrom,
      validTo: current.doc.validTo,
      versions: versions.map((v) => ({
        validFrom: v.doc.validFrom,
        validTo: v.doc.validTo,
        bulletin: v.kind === 'update' ? v.published : null,
      })),
      // "l'article L. 262-2" becomes a link when the guide holds that article at this date.
      links: Object.fromEntries(index?.search.articlesNumbered(referencedNumbers(current.doc.body), input.at, input.path.split('/')[0]) ?? []),
    };
  });
}
