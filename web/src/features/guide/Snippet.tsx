// A search snippet from the API: HTML-escaped text with <mark>…</mark> around the matched
// words. It is never injected as HTML: split on the two mark tags, entities decoded, every
// other piece rendered as text (so a stray tag would show as text, not run).
import { Fragment, type ReactNode } from 'react';
import { GUIDE_LANG } from './links.ts';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

export function snippetNodes(snippet: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let marked = false;
  snippet.split(/(<mark>|<\/mark>)/).forEach((piece, i) => {
    if (piece === '<mark>') marked = true;
    else if (piece === '</mark>') marked = false;
    else if (piece) nodes.push(marked ? <mark key={i}>{decodeEntities(piece)}</mark> : <Fragment key={i}>{decodeEntities(piece)}</Fragment>);
  });
  return nodes;
}

export function Snippet({ html }: { html: string }) {
  return <p className="snippet" lang={GUIDE_LANG}>{snippetNodes(html)}</p>;
}
