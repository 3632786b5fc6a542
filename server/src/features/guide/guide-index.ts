// The search index of a guide, in memory on each server node: every version of every
// article with its title trail. Built on first search, rebuilt when the guide's latest
// package changes (another node may have applied a bulletin: one cheap query tells).
import { and, desc, eq } from 'drizzle-orm';
import { GuideSearch, type GuideSearchDoc } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { guideDocuments, guidePackages } from '../../db/schema/index.ts';

const cache = new Map<string, { packageId: string; search: GuideSearch; titles: Map<string, string> }>();

/** "Titre V : Du mariage › Chapitre Ier": from the title level down, deeper levels short. */
export function trailOf(path: string, sections: Map<string, string>): string {
  const folders = path.split('/').slice(0, -1);
  const ancestors = folders.map((_, i) => folders.slice(0, i + 1).join('/'));
  let from = ancestors.findIndex((a) => /(^|\/)titre-[^/]+$/.test(a));
  if (from < 0) from = Math.min(1, ancestors.length - 1);
  return ancestors
    .slice(from)
    .map((a, i) => {
      const heading = sections.get(`${a}/README.md`) ?? a.split('/').at(-1)!;
      return i === 0 ? heading : heading.split(' : ')[0]!;
    })
    .join(' › ');
}

export function articleTitle(heading: string, path: string, sections: Map<string, string>): string {
  const trail = trailOf(path, sections);
  return trail ? `${heading} — ${trail}` : heading;
}

export async function guideIndex(tx: Tx, guideId: string) {
  const [latest] = await tx
    .select({ id: guidePackages.id })
    .from(guidePackages)
    .where(eq(guidePackages.guideId, guideId))
    .orderBy(desc(guidePackages.published))
    .limit(1);
  if (!latest) return null;
  const cached = cache.get(guideId);
  if (cached && cached.packageId === latest.id) return cached;
  const rows = await tx
    .select({
      path: guideDocuments.path,
      kind: guideDocuments.kind,
      number: guideDocuments.number,
      heading: guideDocuments.heading,
      body: guideDocuments.body,
      validFrom: guideDocuments.validFrom,
      validTo: guideDocuments.validTo,
    })
    .from(guideDocuments)
    .where(and(eq(guideDocuments.guideId, guideId)));
  const sections = new Map(rows.filter((r) => r.kind === 'section' && r.validTo === null).map((r) => [r.path, r.heading]));
  const titles = new Map<string, string>();
  const trails = new Map<string, string>();
  const docs: GuideSearchDoc[] = [];
  for (const r of rows) {
    if (r.kind !== 'article') continue;
    const title = titles.get(r.path) ?? articleTitle(r.heading, r.path, sections);
    titles.set(r.path, title);
    const folder = r.path.split('/').slice(0, -1);
    const full = trails.get(r.path) ?? folder.map((_, i) => sections.get(`${folder.slice(0, i + 1).join('/')}/README.md`) ?? '').join(' ');
    trails.set(r.path, full);
    docs.push({ id: `${r.path}@${r.validFrom}`, path: r.path, number: r.number!, title, sections: full, body: r.body, validFrom: r.validFrom, validTo: r.validTo });
  }
  const entry = { packageId: latest.id, search: new GuideSearch(docs), titles };
  cache.set(guideId, entry);
  return entry;
}
