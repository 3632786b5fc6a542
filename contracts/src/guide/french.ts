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
    'quoi definition definir signifie veut dire droit droits avoir faire fait comment quel quelle'
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
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    out.push({ raw: m[0], start: m.index, term: termOf(m[0]) });
  }
  return out;
}

/** The searched form of one word, or null for a stop word. */
export function termOf(word: string): string | null {
  const lower = word.toLowerCase();
  const folded = foldAccents(lower);
  if (STOP.has(folded)) return null;
  if (/^\d/.test(folded)) return folded;
  return foldAccents(stemmer(lower));
}

export function terms(text: string): string[] {
  return words(text)
    .map((w) => w.term)
    .filter((t): t is string => t !== null);
}
