// Search in the guide, in plain French: accents and case ignored, French stems, the
// field's abbreviations and synonyms, article numbers typed loosely; BM25 ranking
// (MiniSearch) over the article's number, its heading and section trail, and its text;
// snippets with the matched words in <mark>, everything else HTML-escaped. Pure: the
// server uses it, and the offline workspace can carry the index to the browser.
import MiniSearch from 'minisearch';
import { canonicalNumber, extractArticleNumbers } from './article-numbers.ts';
import { terms, words } from './french.ts';
import { defaultSynonyms } from './synonyms.ts';

export type GuideSearchDoc = {
  /** Unique per version: `${path}@${validFrom}`. */
  id: string;
  path: string;
  number: string;
  title: string;
  /** The full headings of the sections above the article: only synonyms search them. */
  sections?: string;
  body: string;
  validFrom: string;
  validTo: string | null;
};

export type GuideSearchHit = { path: string; number: string; title: string; snippet: string; score: number };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The terms the number field holds: "l262-2" and "262-2" for L262-2. */
function numberTerms(number: string): string[] {
  const canonical = canonicalNumber(number);
  const bare = canonical.replace(/^[a-z]+/, '');
  return bare && bare !== canonical ? [canonical, bare] : [canonical];
}

export class GuideSearch {
  private readonly index: MiniSearch<GuideSearchDoc>;
  private readonly docs = new Map<string, GuideSearchDoc>();
  /** Each shown version's words, kept after its first snippet (stemming a long article costs). */
  private readonly wordCache = new Map<string, ReturnType<typeof words>>();
  private readonly synonymGroups: string[][][];

  constructor(docs: GuideSearchDoc[], options: { synonyms?: string[][] } = {}) {
    this.synonymGroups = (options.synonyms ?? defaultSynonyms).map((group) => group.map((phrase) => terms(phrase)).filter((t) => t.length > 0));
    this.index = new MiniSearch<GuideSearchDoc>({
      fields: ['numbers', 'title', 'sections', 'body'],
      storeFields: [],
      extractField: (doc, field) => (field === 'numbers' ? numberTerms(doc.number).join(' ') : ((doc as unknown as Record<string, string | undefined>)[field] ?? '')),
      tokenize: (text, field) => (field === 'numbers' ? text.split(' ') : terms(text)),
      processTerm: (term) => term,
      searchOptions: { tokenize: (q) => q.split(' ').filter(Boolean), processTerm: (t) => t },
    });
    for (const d of docs) this.docs.set(d.id, d);
    this.index.addAll(docs);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Query terms after stemming, and the synonyms they bring in. */
  analyse(query: string): { numbers: string[]; terms: string[]; expansions: string[] } {
    const { numbers, rest } = extractArticleNumbers(query);
    const own = terms(rest);
    const present = new Set(own);
    const expansions = new Set<string>();
    for (const group of this.synonymGroups) {
      if (!group.some((phrase) => phrase.every((t) => present.has(t)))) continue;
      for (const phrase of group) for (const t of phrase) if (!present.has(t)) expansions.add(t);
    }
    return { numbers, terms: own, expansions: [...expansions] };
  }

  search(query: string, options: { at: string; limit: number }): GuideSearchHit[] {
    const q = this.analyse(query);
    const parts = [
      q.numbers.length ? { queries: [q.numbers.join(' ')], fields: ['numbers'], boost: { numbers: 30 } } : null,
      q.terms.length ? { queries: [q.terms.join(' ')], fields: ['title', 'body'], boost: { title: 2, body: 1 } } : null,
      // Synonyms help, but what the agent typed counts more.
      q.expansions.length ? { queries: [q.expansions.join(' ')], fields: ['title', 'sections', 'body'], boost: { title: 0.4, sections: 0.1, body: 0.25 } } : null,
    ].filter((p) => p !== null);
    if (parts.length === 0) return [];
    const inForce = (d: GuideSearchDoc) => d.validFrom <= options.at && (d.validTo === null || options.at < d.validTo);
    const results = this.index.search({ combineWith: 'OR', queries: parts } as never, {
      filter: (r) => inForce(this.docs.get(r.id as string)!),
    });
    const marked = new Set([...q.terms, ...q.expansions]);
    return results.slice(0, options.limit).map((r) => {
      const d = this.docs.get(r.id as string)!;
      let ws = this.wordCache.get(d.id);
      if (!ws) this.wordCache.set(d.id, (ws = words(d.body)));
      return { path: d.path, number: d.number, title: d.title, snippet: snippet(d.body, marked, 30, ws), score: Number(r.score.toFixed(4)) };
    });
  }
}

/** The window of the text richest in matched words, ~30 words, marked and escaped. */
export function snippet(text: string, marked: Set<string>, size = 30, ws = words(text)): string {
  if (ws.length === 0) return '';
  let best = 0;
  let bestCount = -1;
  let count = 0;
  const hit = ws.map((w) => (w.term !== null && marked.has(w.term) ? 1 : 0));
  for (let i = 0; i < ws.length; i++) {
    count += hit[i]!;
    if (i >= size) count -= hit[i - size]!;
    const start = Math.max(0, i - size + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  const first = ws[best]!;
  const last = ws[Math.min(ws.length - 1, best + size - 1)]!;
  const from = first.start;
  const to = last.start + last.raw.length;
  let out = '';
  let cursor = from;
  for (let i = best; i <= Math.min(ws.length - 1, best + size - 1); i++) {
    const w = ws[i]!;
    out += escapeHtml(text.slice(cursor, w.start));
    out += hit[i] ? `<mark>${escapeHtml(w.raw)}</mark>` : escapeHtml(w.raw);
    cursor = w.start + w.raw.length;
  }
  return `${from > 0 ? '… ' : ''}${out.replace(/\s+/g, ' ').trim()}${to < text.length ? ' …' : ''}`;
}
