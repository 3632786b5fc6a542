// The synonyms list as an editor types it: one group per line, its phrases separated by
// commas ("RSA, revenu de solidarité active"). Used by the admin area's editor; pure, so
// the same text format can serve a command or an import later.

export type SynonymLineProblem = { line: number; message: string };

/** Lines to groups; blank lines are skipped, each problem names its line (1-based). */
export function parseSynonymLines(text: string): { groups: string[][]; problems: SynonymLineProblem[] } {
  const groups: string[][] = [];
  const problems: SynonymLineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const phrases = raw
      .split(',')
      .map((p) => p.trim().replace(/\s+/g, ' '))
      .filter((p) => p !== '');
    const distinct = new Set(phrases.map((p) => p.toLocaleLowerCase('fr')));
    if (distinct.size < 2) problems.push({ line: i + 1, message: 'au moins deux expressions différentes, séparées par des virgules' });
    else groups.push(phrases);
  });
  return { groups, problems };
}

/** Groups to lines. */
export function formatSynonymLines(groups: readonly (readonly string[])[]): string {
  return groups.map((g) => g.join(', ')).join('\n');
}
