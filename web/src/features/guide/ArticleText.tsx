// An article's Markdown as plain React elements, never as HTML: paragraphs separated by
// blank lines, "- " lists (consecutive items, even with blank lines between them, make one
// list), **bold** and heading lines (the annexes), and references to other articles as
// links to a search for their number.
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { splitReferences } from './article-references.ts';
import { GUIDE_LANG, searchHref } from './links.ts';

type Block = { kind: 'paragraph' | 'heading'; text: string } | { kind: 'list'; items: string[] };

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

function Inline({ text, at }: { text: string; at: string | undefined }) {
  // **bold** first, then references inside each run.
  const runs = text.split(/\*\*(.+?)\*\*/g);
  return (
    <>
      {runs.map((run, i) => {
        const pieces: ReactNode = splitReferences(run).map((p, j) =>
          p.kind === 'ref' ? (
            <Link key={j} to={searchHref(p.query, at)} className="article-ref">
              {p.text}
            </Link>
          ) : (
            <Fragment key={j}>{p.text}</Fragment>
          ),
        );
        return i % 2 === 1 ? <strong key={i}>{pieces}</strong> : <Fragment key={i}>{pieces}</Fragment>;
      })}
    </>
  );
}

export function ArticleText({ markdown, at }: { markdown: string; at?: string | undefined }) {
  const blocks = parseBlocks(markdown);
  return (
    <div className="article-text" lang={GUIDE_LANG}>
      {blocks.map((b, i) =>
        b.kind === 'list' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <Inline text={item} at={at} />
              </li>
            ))}
          </ul>
        ) : b.kind === 'heading' ? (
          <p key={i} className="article-subheading">
            <Inline text={b.text} at={at} />
          </p>
        ) : (
          <p key={i}>
            <Inline text={b.text} at={at} />
          </p>
        ),
      )}
    </div>
  );
}
