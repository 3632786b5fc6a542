// French text as the guide's search sees it: lower case, Snowball stems (the French
// stemmer wants accents, so stemming comes first), then accents folded, stop words out.
// The same functions run on the server and, for the offline workspace, in the browser.
import { stemmer } from '@orama/stemmers/french';

const STOP = new Set(
  (
    'a au aux avec ce ces cet cette d dans de des du elle elles en et eux il ils je l la le les leur leurs lui ' +
    'ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur ta te tes ' +
    'toi ton tu un une vos votre vous y est sont ete etre avoir ont a quel quelle quels quelles comment combien ' +
    'quand peut peuvent doit doivent faut il-y-a cas lorsque si sans sous entre ' +
    // words of a question rather than of its subject
    'quoi definition definir signifie veut dire avoir faire fait comment quel quelle'
  ).split(' '),
);

export function foldAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae');
}

/** Words of a text, in order, as written (for snippets) and as searched (stems). */
export function words(text: string): { raw: string; start: number; term: string | null }[] {
  const out: { raw: string; start: number; term: string | null }[] = [];
  const all = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  for (let i = 0; i < all.length; i++) {
    const m = all[i]!;
    const run = numberRun(text, all, i);
    if (run) {
      const last = all[run.end - 1]!;
      out.push({ raw: text.slice(m.index, last.index + last[0].length), start: m.index, term: String(run.value) });
      i = run.end - 1;
      continue;
    }
    out.push({ raw: m[0], start: m.index, term: termOf(m[0]) });
  }
  return out;
}

// Legal texts write numbers in words ("dix-huit ans révolus", "vingt-cinq ans"), agents
// type digits ("18 ans"): a run of French number words is searched as its value.
const UNITS: Record<string, number> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
  onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16,
  vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60,
};

const NUMBER_WORDS = new Set([...Object.keys(UNITS), 'et', 'cent', 'cents', 'mille']);

/** The value of the French number written from word i ("vingt et un", "quatre-vingt-dix"), if any. */
function numberRun(text: string, all: RegExpExecArray[] | RegExpMatchArray[], i: number): { value: number; end: number } | null {
  let total = 0;
  let current = 0;
  let end = i;
  let previous = '';
  let count = 0;
  for (let k = i; k < all.length; k++) {
    const w = all[k]![0].toLowerCase();
    if (!NUMBER_WORDS.has(w)) break;
    if (k > i) {
      // Words of one number are joined by a hyphen or a space, or "et" ("vingt et un").
      const gap = text.slice(all[k - 1]!.index! + all[k - 1]![0].length, all[k]!.index);
      if (!/^[\s-]$/.test(gap)) break;
    }
    if (w === 'et' && k > i && k + 1 < all.length && (all[k + 1]![0].toLowerCase() === 'un' || all[k + 1]![0].toLowerCase() === 'onze')) continue;
    if (w === 'cent' || w === 'cents') current = (current || 1) * 100;
    else if (w === 'mille') {
      total += (current || 1) * 1000;
      current = 0;
    } else if ((w === 'vingt' || w === 'vingts') && previous === 'quatre') current += 76; // quatre-vingt: 4 → 80
    else if (w in UNITS) current += UNITS[w]!;
    else break;
    previous = w;
    count += 1;
    end = k + 1;
  }
  // A lone "un"/"une" is an article, not a number.
  if (count === 0 || (count === 1 && /^une?$/i.test(all[i]![0]))) return null;
  return { value: total + current, end };
}

/** The searched form of one word, or null for a stop word. */
export function termOf(word: string): string | null {
  const known = termCache.get(word);
  if (known !== undefined) return known;
  const lower = word.toLowerCase();
  const folded = foldAccents(lower);
  const term = STOP.has(folded) ? null : /^\d/.test(folded) ? folded : foldAccents(stemmer(lower));
  // A text has far fewer distinct words than words: each is stemmed once.
  if (termCache.size >= 200_000) termCache.clear();
  termCache.set(word, term);
  return term;
}
const termCache = new Map<string, string | null>();

export function terms(text: string): string[] {
  return words(text)
    .map((w) => w.term)
    .filter((t): t is string => t !== null);
}
