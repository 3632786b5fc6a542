// The search index of a guide, in memory on each server node: every version of every
// article with its title trail, searched with the guide's synonyms. Built on first
// search (at start-up for the shared guide), rebuilt when the guide's latest package or
// its synonyms change (another node may have applied a bulletin or saved a list: one
// cheap query tells both).
import { eq, isNull, sql } from 'drizzle-orm';
import { defaultSynonyms, GuideSearch, type GuideSearchDoc } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/query-rows.ts';
import { guideDocuments, guidePackages, guides, guideSynonyms } from './schema.ts';
import { findGuide } from './find-guide.ts';

type Entry = {
  packageId: string;
  /** The revision of the guide's synonyms row; null: the default list. */
  synonymsRevision: string | null;
  docs: GuideSearchDoc[];
  search: GuideSearch;
  titles: Map<string, string>;
};
const cache = new Map<string, Entry>();

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

/** Indexes being built, per guide: requests that arrive meanwhile wait for the same one. */
const building = new Map<string, { key: string; done: Promise<Entry> }>();

type Guide = Awaited<ReturnType<typeof findGuide>>;
type State = { package_id: string | null; synonyms_revision: string | null };
/** Runs a transaction in the scope that may read the guide (a tenant's, or the operator's). */
type Scope = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

const stateOf = async (tx: Tx, guideId: string) =>
  (
    await queryRows<State>(
      tx,
      sql`select (select ${guidePackages.id} from ${guidePackages} where ${guidePackages.guideId} = ${guideId} order by ${guidePackages.published} desc limit 1) as package_id,
                 (select ${guideSynonyms.revision} from ${guideSynonyms} where ${guideSynonyms.guideId} = ${guideId}) as synonyms_revision`,
    )
  )[0];

/**
 * The guide a request means (findGuide) and its search index, fresh: the latest package
 * and the synonyms' revision are checked in one short transaction. An index is built
 * outside any transaction (PGlite runs one at a time) and in chunks (the event loop keeps
 * serving other requests meanwhile).
 */
export async function openGuide(database: Database, tenantId: string, slug: string | undefined): Promise<{ guide: Guide; index: Entry | null }> {
  const { guide, state } = await database.tenant(tenantId, async (tx) => {
    const guide = await findGuide(tx, tenantId, slug);
    return { guide, state: await stateOf(tx, guide.id) };
  });
  return { guide, index: await indexFor(guide.id, state, (fn) => database.tenant(tenantId, fn)) };
}

async function indexFor(guideId: string, state: State | undefined, scope: Scope): Promise<Entry | null> {
  const packageId = state?.package_id ?? null;
  if (!packageId) return null;
  const cached = cache.get(guideId);
  if (cached && cached.packageId === packageId && cached.synonymsRevision === (state?.synonyms_revision ?? null)) return cached;
  // A bulletin just applied and twenty agents searching: one build (~2 s, ~80 MB), not twenty.
  const key = `${packageId}/${state?.synonyms_revision ?? ''}`;
  const pending = building.get(guideId);
  if (pending?.key === key) return pending.done;
  const done = buildIndex(scope, guideId, packageId, cached).finally(() => {
    if (building.get(guideId)?.done === done) building.delete(guideId);
  });
  building.set(guideId, { key, done });
  const entry = await done;
  cache.set(guideId, entry);
  return entry;
}

async function buildIndex(scope: Scope, guideId: string, packageId: string, cached: Entry | undefined): Promise<Entry> {
  // The list and its revision read together: the index is labelled with what it was built with.
  const { saved, rows } = await scope(async (tx) => {
    const [saved] = await tx.select({ revision: guideSynonyms.revision, groups: guideSynonyms.groups }).from(guideSynonyms).where(eq(guideSynonyms.guideId, guideId));
    // Only the synonyms changed: the same documents, searched with the new list.
    if (cached && cached.packageId === packageId) return { saved, rows: null };
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
      .where(eq(guideDocuments.guideId, guideId));
    return { saved, rows };
  });
  const synonymsRevision = saved?.revision ?? null;
  const synonyms = saved?.groups ?? defaultSynonyms;
  if (!rows) return { ...cached!, synonymsRevision, search: await GuideSearch.build(cached!.docs, { synonyms }) };
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
  return { packageId, synonymsRevision, docs, search: await GuideSearch.build(docs, { synonyms }), titles };
}

/**
 * Builds the index of every guide the operator shares, after start-up, so that the first
 * agent to search does not wait for it (tenants' own guides are built on first search).
 */
export async function warmSharedGuideIndexes(database: Database): Promise<number> {
  const shared = await database.operator(async (tx) => {
    const rows = await tx.select({ id: guides.id }).from(guides).where(isNull(guides.tenantId));
    return Promise.all(rows.map(async (g) => ({ id: g.id, state: await stateOf(tx, g.id) })));
  });
  for (const g of shared) await indexFor(g.id, g.state, (fn) => database.operator(fn));
  return shared.length;
}
