// References to other articles inside an article's text ("l'article L. 262-2", "articles
// L. 262-2 et L. 262-3", "l'article 371-1 du code civil"), found so that they become links
// when the guide holds the article. The server resolves each reference's number to an
// article in force at the date shown (features/guide/read-article.ts); the page links
// those and leaves the others as text. References to another text ("article 2 de la loi
// n° …", "article L. 5133-8 du code du travail") are never links: the guide holds only its
// own codes. Pure: the offline workspace resolves them on the device the same way.
import { canonicalNumber } from './article-numbers.ts';

export type TextPiece = { kind: 'text'; text: string } | { kind: 'ref'; text: string; query: string; number: string };

const NUM = String.raw`(?:[LRD]\.?\s?)?\d{1,4}(?:-\d{1,4}){0,3}(?![\p{L}\p{N}°])(?!\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)\b)`;
const LIST = new RegExp(String.raw`(?<!\p{L})(articles?|art\.)(\s+)(${NUM}(?:\s*(?:,|et|à|ou)\s+${NUM})*)`, 'giu');
const ONE = new RegExp(NUM, 'giu');

/** After the number list: a text of the guide ("du présent code", "du code civil")… */
const SAME_TEXT = /^\s*,?\s*(?:(?:du|de la|des)\s+|de l['’]\s*)(?:présente?s?\s+(?:code|partie|livre|titre|chapitre|section|sous-section|paragraphe|sous-paragraphe|article)|code civil\b|code de l['’]action sociale et des familles\b)/iu;
/** …or another one ("du code du travail", "de la loi", "du décret", "du même code"). */
const OTHER_TEXT =
  /^\s*,?\s*(?:(?:du|de la|des|dudit|de ladite|desdits|desdites|de cette|de ce|de cet)\s+|de l['’]\s*)(?:code|codes|loi|lois|présente loi|présent décret|présente ordonnance|décret|décrets|ordonnance|règlement|directive|convention|traité|arrêté|constitution|même|annexe|accord|protocole)\b/iu;

/** The search query for a number as written: "L. 262-2" → "L262-2", "372" → "article 372". */
export function referenceQuery(number: string): string {
  const m = /^([LRD])\.?\s?(.*)$/iu.exec(number);
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : `article ${number}`;
}

/** The canonical number a reference names: "L. 262-2" → "l262-2" (as canonicalNumber of a heading). */
export function referenceNumber(text: string): string {
  return canonicalNumber(text.replace(/^([LRD])\.?\s?/iu, '$1'));
}

/** The canonical numbers of every article a text refers to, once each. */
export function referencedNumbers(text: string): string[] {
  return [...new Set(splitReferences(text).flatMap((p) => (p.kind === 'ref' ? [p.number] : [])))];
}

export function splitReferences(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let cursor = 0;
  const push = (t: string) => {
    if (!t) return;
    const last = pieces.at(-1);
    if (last?.kind === 'text') last.text += t;
    else pieces.push({ kind: 'text', text: t });
  };
  for (const m of text.matchAll(LIST)) {
    const start = m.index;
    const end = start + m[0].length;
    const after = text.slice(end, end + 80);
    if (OTHER_TEXT.test(after) && !SAME_TEXT.test(after)) continue;
    push(text.slice(cursor, start));
    push(`${m[1]}${m[2]}`);
    const list = m[3]!;
    let inner = 0;
    for (const n of list.matchAll(ONE)) {
      push(list.slice(inner, n.index));
      pieces.push({ kind: 'ref', text: n[0], query: referenceQuery(n[0]), number: referenceNumber(n[0]) });
      inner = n.index + n[0].length;
    }
    push(list.slice(inner));
    cursor = end;
  }
  push(text.slice(cursor));
  return pieces;
}
