// The word-level differences between two versions of an article: deletions in <del>,
// insertions in <ins>, each also marked by line-through / underline and by a visually
// hidden "deleted:" / "added:" prefix, so colour is never the only cue.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { endpoints, type ArticleDiff } from '@estran/contracts';
import { GUIDE_LANG, articleHref, isDay, splitTitle } from './links.ts';
import { ApiError, Day } from './parts.tsx';
import { useEndpoint, useFocusWhenLoaded } from '../../lib/use-api-data.ts';

type Part = ArticleDiff['parts'][number];

/** Whitespace-only changes (a double space become single) are noise to a reader. */
export function readableParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const blank = p.text.trim() === '';
    if (blank && p.op === 'delete') continue;
    const op = blank ? 'equal' : p.op;
    const last = out.at(-1);
    if (last && last.op === op) last.text += p.text;
    else out.push({ op, text: p.text });
  }
  return out;
}

export function GuideDiffPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const path = params.get('path') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const valid = /\.md$/.test(path) && isDay(from) && isDay(to);
  const diff = useEndpoint(endpoints.guide.diff, valid ? { query: { path, from, to } } : null);
  // The article's number and title, as in force at the later date.
  const article = useEndpoint(endpoints.guide.article, valid ? { params: { '*': path }, query: { at: to } } : null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhenLoaded(heading, diff.data ? `${path}@${from}@${to}` : null);

  const parts = diff.data ? readableParts(diff.data.parts) : [];
  const deleted = parts.filter((p) => p.op === 'delete').length;
  const inserted = parts.filter((p) => p.op === 'insert').length;
  const title = article.data ? splitTitle(article.data.title) : null;

  return (
    <section className="guide-diff">
      <h1 ref={heading} tabIndex={-1}>
        {article.data ? t('guide.diff.titleOf', { number: article.data.number }) : t('guide.diff.title')}
      </h1>
      {!valid && <p role="alert">{t('guide.diff.badLink')}</p>}
      {valid && (
        <p>
          {t('guide.diff.between')} <Day value={from} /> {t('guide.diff.and')} <Day value={to} />.
        </p>
      )}
      {title?.trail && (
        <p className="muted trail" lang={GUIDE_LANG}>
          {title.trail}
        </p>
      )}
      <ApiError error={diff.error} />
      {diff.loading && <p role="status">{t('app.loading')}</p>}
      {diff.data && (
        <>
          <p role="status">{deleted + inserted === 0 ? t('guide.diff.same') : t('guide.diff.summary', { deleted, inserted })}</p>
          <div className="diff-legend" aria-hidden="true">
            <span>{t('guide.diff.legend')}</span>
            <del>{t('guide.diff.deletedSample')}</del>
            <ins>{t('guide.diff.insertedSample')}</ins>
          </div>
          <p className="visually-hidden">{t('guide.diff.legendSpoken')}</p>
          <div className="diff-text" lang={GUIDE_LANG}>
            {parts.map((p, i) =>
              p.op === 'delete' ? (
                <del key={i}>
                  <span className="visually-hidden">{t('guide.diff.deleted')} </span>
                  {p.text}
                </del>
              ) : p.op === 'insert' ? (
                <ins key={i}>
                  <span className="visually-hidden">{t('guide.diff.inserted')} </span>
                  {p.text}
                </ins>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </div>
          <ul className="link-row">
            <li>
              <Link to={articleHref(path, from)}>
                {t('guide.diff.before')} <Day value={from} />
              </Link>
            </li>
            <li>
              <Link to={articleHref(path, to)}>
                {t('guide.diff.after')} <Day value={to} />
              </Link>
            </li>
            <li>
              <Link to={articleHref(path)}>{t('guide.article.showToday')}</Link>
            </li>
          </ul>
        </>
      )}
    </section>
  );
}
