// An article's Markdown as plain React elements, never as HTML: its blocks
// (article-blocks.ts), **bold**, and references to other articles as links to them when
// the guide holds them at the date shown (the server resolves them: `links`).
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { splitReferences, type ArticlePage } from '@estran/contracts';
import { parseBlocks } from './article-blocks.ts';
import { GUIDE_LANG, articleHref } from './links.ts';

/** Canonical number → path, as the server resolved them (ArticlePage's `links`). */
type Links = ArticlePage['links'];

function Inline({ text, at, links }: { text: string; at: string | undefined; links: Links }) {
  // **bold** first, then references inside each run.
  const runs = text.split(/\*\*(.+?)\*\*/g);
  return (
    <>
      {runs.map((run, i) => {
        const pieces: ReactNode = splitReferences(run).map((p, j) =>
          p.kind === 'ref' && links[p.number] ? (
            <Link key={j} to={articleHref(links[p.number]!, at)} className="article-ref">
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

export function ArticleText({ markdown, at, links }: { markdown: string; at?: string | undefined; links: Links }) {
  const blocks = parseBlocks(markdown);
  return (
    <div className="article-text" lang={GUIDE_LANG}>
      {blocks.map((b, i) =>
        b.kind === 'list' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <Inline text={item} at={at} links={links} />
              </li>
            ))}
          </ul>
        ) : b.kind === 'heading' ? (
          <p key={i} className="article-subheading">
            <Inline text={b.text} at={at} links={links} />
          </p>
        ) : (
          <p key={i}>
            <Inline text={b.text} at={at} links={links} />
          </p>
        ),
      )}
    </div>
  );
}
