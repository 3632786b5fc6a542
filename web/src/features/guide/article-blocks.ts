// An article's Markdown as blocks: paragraphs separated by blank lines, "- " lists
// (consecutive items, even with blank lines between them, make one list), and heading
// lines (the annexes). Pure, so it is tested without a browser.

export type Block = { kind: 'paragraph' | 'heading'; text: string } | { kind: 'list'; items: string[] };

const ITEM = /^\s*[-*]\s+/;
const HEADING = /^\s*#{1,6}\s+/;

export function parseBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of markdown.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => ITEM.test(l))) {
      const items = lines.map((l) => l.replace(ITEM, '').trim());
      const last = blocks.at(-1);
      if (last?.kind === 'list') last.items.push(...items);
      else blocks.push({ kind: 'list', items });
    } else if (lines.length === 1 && HEADING.test(lines[0]!)) {
      blocks.push({ kind: 'heading', text: lines[0]!.replace(HEADING, '').trim() });
    } else {
      blocks.push({ kind: 'paragraph', text: lines.map((l) => l.trim()).join(' ') });
    }
  }
  return blocks;
}
