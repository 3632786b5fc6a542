// Search in the guide, in plain French: accents and case ignored, French stems, the
// field's abbreviations and synonyms, article numbers typed loosely; BM25 ranking
// (MiniSearch) over the article's number, its heading and section trail, and its text;
// snippets with the matched words in <mark>, everything else HTML-escaped. Pure: the
// server uses it, and the offline workspace can carry the index to the browser.
//
// How a question is scored, top to bottom:
//   1. words: the question's stems against the title (heading and section trail) and
//      the text, BM25 per field;
//   2. concepts: each group of the synonym list is one concept ("RSA" = "revenu de
//      solidarité active"), indexed as one token wherever any of its forms occurs, so a
//      synonym counts as much as the word typed, once, whatever its length;
//   3. the lead: an article states its subject in its first sentence ("L'autorité
//      parentale est un ensemble de droits…"), which is scored again on its own, and
//      more when the question asks for a definition ("qu'est-ce qu'un…");
//   4. phrases: two question words side by side in the text ("autorité parentale",
//      "sans domicile stable") score again as a pair;
//   5. the hierarchy of norms: the law states the rule, decrees apply it, so a
//      legislative article (L., and the Code civil) weighs more than a regulatory one
//      (R., then D.), and annexes (tables, forms) least.
import MiniSearch from 'minisearch';
import { canonicalNumber, extractArticleNumbers } from './article-numbers.ts';
import { foldAccents, words } from './french.ts';
import { defaultSynonyms } from './synonyms.ts';

export type GuideSearchDoc = {
  /** Unique per version: `${path}@${validFrom}`. */
  id: string;
  path: string;
  number: string;
  title: string;
  /** The full headings of the sections above the article. */
  sections?: string;
  body: string;
  validFrom: string;
  validTo: string | null;
};

export type GuideSearchHit = { path: string; number: string; title: string; snippet: string; score: number };

/** The weights of the scoring steps above; the defaults are the shipped ranking. */
export type GuideRanking = {
  title: number;
  sections: number;
  body: number;
  lead: number;
  /** The lead's weight is multiplied so when the question asks what a thing is. */
  definition: number;
  concept: number;
  pairs: number;
  /** MiniSearch's BM25+ parameters (term saturation k, length normalisation b, floor d). */
  bm25: { k: number; b: number; d: number };
  /** Weight of an article by the kind its number shows. */
  kinds: { legislative: number; regulatory: number; decree: number; annex: number };
};

export const defaultRanking: GuideRanking = {
  title: 2,
  sections: 0.5,
  body: 1,
  lead: 1,
  definition: 3,
  concept: 1,
  pairs: 0.5,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  kinds: { legislative: 1, regulatory: 0.75, decree: 0.6, annex: 0.4 },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The terms the number field holds: "l262-2" and "262-2" for L262-2. */
function numberTerms(number: string): string[] {
  const canonical = canonicalNumber(number);
  const bare = canonical.replace(/^[a-z]+/, '');
  return bare && bare !== canonical ? [canonical, bare] : [canonical];
}

/** The kind of norm an article's number shows: L262-2, R262-1, D262-1, 144, Annexe 2-1. */
export function normKind(number: string): keyof GuideRanking['kinds'] {
  if (/^annexe/i.test(number)) return 'annex';
  if (/^R/i.test(number)) return 'regulatory';
  if (/^D/i.test(number)) return 'decree';
  return 'legislative';
}

/** The first sentence of a text, at most 40 words. */
export function leadOf(text: string): string {
  const end = text.search(/[.:;](\s|$)/);
  const sentence = end < 0 ? text : text.slice(0, end);
  return sentence.split(/\s+/).slice(0, 40).join(' ');
}

/** "Qu'est-ce qu'un assistant familial", "définition de l'autorité parentale": the answer defines it first. */
const DEFINITION = /^\s*(qu['’]est[\s-]ce\s+qu|c['’]est\s+quoi|d[ée]finition|d[ée]finir|que\s+(signifie|veut\s+dire))/i;

/** Concept and pair tokens cannot collide with stems: words are letters and digits only. */
const conceptToken = (i: number) => `_c${i}`;
const pairToken = (a: string, b: string) => `${a}_${b}`;

export class GuideSearch {
  private readonly index: MiniSearch<GuideSearchDoc>;
  private readonly docs = new Map<string, GuideSearchDoc>();
  /** Each shown version's words, kept after its first snippet (stemming a long article costs). */
  private readonly wordCache = new Map<string, ReturnType<typeof words>>();
  /** Per concept, its forms as stem sequences. */
  private readonly concepts: string[][][];
  /** First stem of a form → the forms starting with it and their concept, longest first. */
  private readonly formsByFirst = new Map<string, { concept: number; form: string[] }[]>();
  /** Canonical number → its articles' versions, made on first use. */
  private byNumber: Map<string, GuideSearchDoc[]> | null = null;
  /** A word without its accents → the stem of its accented spelling in the guide. */
  private readonly spelled = new Map<string, string>();
  private readonly ranking: GuideRanking;

  constructor(docs: GuideSearchDoc[], options: { synonyms?: string[][]; ranking?: Partial<GuideRanking> } = {}) {
    this.ranking = { ...defaultRanking, ...options.ranking };
    // The list's own spellings are learnt too: "marie" is "marié" even in a guide without it.
    this.concepts = (options.synonyms ?? defaultSynonyms).map((group) => group.map((phrase) => this.learn(phrase)).filter((t) => t.length > 0));
    this.concepts.forEach((forms, concept) => {
      for (const form of forms) {
        const list = this.formsByFirst.get(form[0]!) ?? [];
        list.push({ concept, form });
        list.sort((a, b) => b.form.length - a.form.length);
        this.formsByFirst.set(form[0]!, list);
      }
    });
    const memo = { text: '', terms: [] as string[] };
    this.index = new MiniSearch<GuideSearchDoc>({
      fields: ['numbers', 'title', 'sections', 'body', 'pairs', 'lead'],
      storeFields: [],
      extractField: (doc, field) => {
        if (field === 'numbers') return numberTerms(doc.number).join(' ');
        if (field === 'pairs') return doc.body;
        if (field === 'lead') return leadOf(doc.body);
        return (doc as unknown as Record<string, string | undefined>)[field] ?? '';
      },
      tokenize: (text, field) => {
        if (field === 'numbers') return text.split(' ');
        // The text is stemmed once for its words and its pairs.
        const ts = text === memo.text ? memo.terms : this.learn(text);
        memo.text = text;
        memo.terms = ts;
        if (field === 'pairs') return ts.slice(1).map((t, i) => pairToken(ts[i]!, t));
        return [...ts, ...this.readConcepts(ts).concepts.map(conceptToken)];
      },
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (q) => q.split(' ').filter(Boolean),
        processTerm: (t) => t,
        boostDocument: (id) => this.ranking.kinds[normKind(this.docs.get(id as string)!.number)],
      },
    });
    for (const d of docs) this.docs.set(d.id, d);
    this.index.addAll(docs);
  }

  /**
   * The same index, built in chunks that yield to the event loop in between: a server
   * keeps answering other requests while it builds (~2 s for a 1,400-page guide).
   */
  static async build(docs: GuideSearchDoc[], options: ConstructorParameters<typeof GuideSearch>[1] = {}): Promise<GuideSearch> {
    const search = new GuideSearch([], options);
    for (const d of docs) search.docs.set(d.id, d);
    await search.index.addAllAsync(docs, { chunkSize: 100 });
    return search;
  }

  get size(): number {
    return this.docs.size;
  }

  /**
   * The articles in force at a date that bear these canonical numbers ("l262-2", "371-1"):
   * number → path. Where two codes use one number, the article of `sameCode` wins (the
   * code of the article that cites it).
   */
  articlesNumbered(numbers: string[], at: string, sameCode?: string): Map<string, string> {
    if (!this.byNumber) {
      this.byNumber = new Map();
      for (const d of this.docs.values()) {
        const key = canonicalNumber(d.number);
        const list = this.byNumber.get(key) ?? [];
        list.push(d);
        this.byNumber.set(key, list);
      }
    }
    const out = new Map<string, string>();
    for (const n of numbers) {
      const inForce = (this.byNumber.get(n) ?? []).filter((d) => d.validFrom <= at && (d.validTo === null || at < d.validTo));
      const pick = inForce.find((d) => d.path.split('/')[0] === sameCode) ?? inForce[0];
      if (pick) out.set(n, pick.path);
    }
    return out;
  }

  /** A text's stems; each word's spelling without accents is learnt on the way. */
  private learn(text: string): string[] {
    const out: string[] = [];
    for (const w of words(text)) {
      if (w.term === null) continue;
      out.push(w.term);
      const bare = foldAccents(w.raw.toLowerCase());
      if (!this.spelled.has(bare)) this.spelled.set(bare, w.term);
    }
    return out;
  }

  /**
   * The stems of a question. The French stemmer reads accents ("solidarité" → solidar,
   * "solidarite" → solidarit), and agents often type none: a word the guide holds is
   * given the stem of its accented spelling.
   */
  private questionTerms(text: string): string[] {
    const out: string[] = [];
    for (const w of words(text)) {
      if (w.term === null) continue;
      out.push(this.spelled.get(foldAccents(w.raw.toLowerCase())) ?? w.term);
    }
    return out;
  }

  /**
   * A sequence of stems read against the synonym list: the concept of each form found
   * (longest form first, once per occurrence), and the stems that belong to none.
   */
  private readConcepts(ts: string[]): { concepts: number[]; rest: string[] } {
    const concepts: number[] = [];
    const rest: string[] = [];
    for (let i = 0; i < ts.length; i++) {
      const match = this.formsByFirst.get(ts[i]!)?.find(({ form }) => form.every((t, k) => ts[i + k] === t));
      if (match) {
        concepts.push(match.concept);
        i += match.form.length - 1;
      } else rest.push(ts[i]!);
    }
    return { concepts, rest };
  }

  /**
   * The question's article numbers, its stems, the concepts they name, the stems left
   * once the concepts are taken out (searched as words), and the other forms of the
   * concepts (marked in snippets).
   */
  analyse(query: string): { numbers: string[]; terms: string[]; concepts: number[]; words: string[]; expansions: string[] } {
    const { numbers, rest } = extractArticleNumbers(query);
    const own = this.questionTerms(rest);
    const read = this.readConcepts(own);
    const concepts = [...new Set(read.concepts)];
    const present = new Set(own);
    const expansions = new Set<string>();
    for (const c of concepts) for (const form of this.concepts[c]!) for (const t of form) if (!present.has(t)) expansions.add(t);
    return { numbers, terms: [...present], concepts, words: [...new Set(read.rest)], expansions: [...expansions] };
  }

  search(query: string, options: { at: string; limit: number }): GuideSearchHit[] {
    const q = this.analyse(query);
    const w = this.ranking;
    const ownTerms = q.terms;
    const pairs = ownTerms.slice(1).map((t, i) => pairToken(ownTerms[i]!, t));
    // A word that belongs to a concept is searched as the concept only: searched as
    // itself too, the rare literal "RSA" would outrank "revenu de solidarité active".
    const free = q.words;
    const lead = DEFINITION.test(query) ? w.lead * w.definition : w.lead;
    const conceptTokens = q.concepts.map(conceptToken);
    // MiniSearch reads a boost of 0 as 1: a field weighted 0 is left out instead.
    const part = (tokens: string[], boost: Record<string, number>) => {
      const weighted = Object.entries(boost).filter(([, b]) => b > 0);
      return tokens.length && weighted.length ? { queries: [tokens.join(' ')], fields: weighted.map(([f]) => f), boost: Object.fromEntries(weighted) } : null;
    };
    const parts = [
      part(q.numbers, { numbers: 30 }),
      part(free, { title: w.title, sections: w.sections, body: w.body, lead }),
      part(conceptTokens, { title: w.title * w.concept, sections: w.sections * w.concept, body: w.body * w.concept, lead: lead * w.concept }),
      part(pairs, { pairs: w.pairs }),
    ].filter((p) => p !== null);
    if (parts.length === 0) return [];
    const inForce = (d: GuideSearchDoc) => d.validFrom <= options.at && (d.validTo === null || options.at < d.validTo);
    const results = this.index.search({ combineWith: 'OR', queries: parts } as never, {
      bm25: w.bm25,
      filter: (r) => inForce(this.docs.get(r.id as string)!),
    });

    const marked = new Set([...ownTerms, ...q.expansions]);
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
