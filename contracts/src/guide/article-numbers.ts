// Article numbers as agents type them: "L262-2", "l 262 2", "L. 262-2", "article 371-1",
// "art. 144". One canonical form: lower case, the letter glued to the digits, parts
// joined by hyphens ("l262-2", "371-1").

/** The canonical form of a heading's number ("L262-2" → "l262-2"). */
export function canonicalNumber(number: string): string {
  return number
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/\.(?=\d)/g, '')
    .replace(/\./g, '-');
}

const PREFIXED = /(?<![\p{L}\p{N}])([lrdLRD])\.?\s*(\d{1,4})(?:[\s.-]+(\d{1,4}))?(?:[\s.-]+(\d{1,4}))?(?![\p{L}\p{N}])/gu;
const AFTER_WORD = /\b(?:article|art\.?)\s+(\d{1,4}(?:[\s.-]+\d{1,4}){0,2})(?![\p{L}\p{N}])/giu;
const HYPHENATED = /(?<![\p{L}\p{N}-])(\d{1,4}-\d{1,4}(?:-\d{1,4})?)(?![\p{L}\p{N}])/gu;

/**
 * The article numbers a query names, canonical, and the query without them. A bare
 * number ("18 ans") is not taken for an article unless "article" precedes it.
 */
export function extractArticleNumbers(query: string): { numbers: string[]; rest: string } {
  const numbers: string[] = [];
  let rest = query.replace(PREFIXED, (_m, letter: string, a: string, b?: string, c?: string) => {
    numbers.push([`${letter.toLowerCase()}${a}`, b, c].filter(Boolean).join('-'));
    return ' ';
  });
  rest = rest.replace(AFTER_WORD, (_m, n: string) => {
    numbers.push(n.split(/[\s.-]+/).join('-'));
    return ' ';
  });
  rest = rest.replace(HYPHENATED, (_m, n: string) => {
    numbers.push(n);
    return ' ';
  });
  return { numbers: [...new Set(numbers)], rest };
}
