// The synonyms list as an editor types it: one group per line, its phrases separated by
// commas ("RSA, revenu de solidarité active"). Used by the admin area's editor; pure, so
// the same text format can serve a command or an import later.

/**
 * A group's phrases as stored: spaces collapsed, empty ones dropped, repeats dropped with
 * case ignored (search ignores it: "PACS" and "pacs" are one phrase; the first spelling
 * is kept). Shared by the editor and the server that saves the list.
 */
export function distinctPhrases(phrases: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const raw of phrases) {
    const p = raw.trim().replace(/\s+/g, ' ');
    const key = p.toLocaleLowerCase('fr');
    if (p !== '' && !byKey.has(key)) byKey.set(key, p);
  }
  return [...byKey.values()];
}

export type SynonymLineProblem = { line: number; message: string };

/** Lines to groups; blank lines are skipped, each problem names its line (1-based). */
export function parseSynonymLines(text: string): { groups: string[][]; problems: SynonymLineProblem[] } {
  const groups: string[][] = [];
  const problems: SynonymLineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const phrases = distinctPhrases(raw.split(','));
    if (phrases.length < 2) problems.push({ line: i + 1, message: 'au moins deux expressions différentes, séparées par des virgules' });
    else groups.push(phrases);
  });
  return { groups, problems };
}

/** Groups to lines. */
export function formatSynonymLines(groups: readonly (readonly string[])[]): string {
  return groups.map((g) => g.join(', ')).join('\n');
}
