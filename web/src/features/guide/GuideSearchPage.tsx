// Search results: best first, each with its number and title linking to the article and
// the snippet with the matched words marked; an optional date for the texts in force then.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { endpoints } from '@estran/contracts';
import { GUIDE_LANG, articleHref, codeName, isDay, splitTitle } from './links.ts';
import { ApiError } from './parts.tsx';
import { Snippet } from './Snippet.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';

const FIRST = 20;
const MORE = 50; // the API's maximum

export function GuideSearchPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim().slice(0, 300);
  const at = isDay(params.get('at')) ? params.get('at')! : '';
  const limit = params.get('limit') === String(MORE) ? MORE : FIRST;
  const results = useEndpoint(endpoints.guide.search, q ? { query: { q, limit, at } } : null, { keepPrevious: true });
  const list = useRef<HTMLOListElement>(null);
  const focusFrom = useRef<number | null>(null);

  // The form's fields, reset when the URL changes (back button, a new search elsewhere).
  const [fields, setFields] = useState({ q, at });
  const [shown, setShown] = useState({ q, at });
  if (shown.q !== q || shown.at !== at) {
    setShown({ q, at });
    setFields({ q, at });
  }

  const hits = results.data?.results ?? null;
  // After "more results", focus goes to the first new one (the button is gone).
  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || results.loading || !hits) return;
    focusFrom.current = null;
    list.current?.querySelectorAll<HTMLAnchorElement>('li > h2 a')[from]?.focus();
  }, [hits, results.loading]);
  return (
    <section>
      <h1 tabIndex={-1}>{t('guide.search.title')}</h1>
      <form
        role="search"
        className="guide-search"
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          if (fields.q.trim()) next.set('q', fields.q.trim());
          if (isDay(fields.at)) next.set('at', fields.at);
          setParams(next);
        }}
      >
        <div className="field wide">
          <label htmlFor={`${id}-q`}>{t('guide.search.label')}</label>
          <input id={`${id}-q`} type="search" value={fields.q} maxLength={300} required onChange={(e) => setFields({ ...fields, q: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-at`}>{t('guide.search.at')}</label>
          <input id={`${id}-at`} type="date" value={fields.at} min="1800-01-01" max="2999-12-31" aria-describedby={`${id}-at-hint`} onChange={(e) => setFields({ ...fields, at: e.target.value })} />
        </div>
        <button type="submit" className="button primary">
          {t('guide.search.submit')}
        </button>
        <p id={`${id}-at-hint`} className="muted small-text search-note">
          {t('guide.search.atHint')}
        </p>
      </form>

      <ApiError error={results.error} />
      <p role="status" className="result-count">
        {!q
          ? ''
          : results.loading
            ? t('guide.search.searching')
            : hits
              ? hits.length === 0
                ? t('guide.search.none', { q })
                : hits.length >= limit
                  ? t('guide.search.best', { count: hits.length, q })
                  : t('guide.search.count', { count: hits.length, q })
              : ''}
      </p>
      {hits && hits.length > 0 && (
        <ol className="search-results" ref={list} aria-busy={results.loading}>
          {hits.map((h) => {
            const { heading, trail } = splitTitle(h.title);
            const code = codeName(h.path);
            return (
              <li key={h.path}>
                <h2 className="result-title">
                  <Link to={articleHref(h.path, at || undefined)}>{heading.includes(h.number) ? heading : `${h.number} — ${heading}`}</Link>
                </h2>
                {(code || trail) && (
                  <p className="muted trail" lang={GUIDE_LANG}>
                    {code && <span className="code-name">{code}</span>}
                    {code && trail && ' › '}
                    {trail}
                  </p>
                )}
                <Snippet html={h.snippet} />
              </li>
            );
          })}
        </ol>
      )}
      {hits && hits.length >= limit && limit < MORE && !results.loading && (
        <p>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.set('limit', String(MORE));
              focusFrom.current = hits.length;
              setParams(next, { replace: true });
            }}
          >
            {t('guide.search.more')}
          </button>
        </p>
      )}
      {hits && hits.length === 0 && <p>{t('guide.search.tips')}</p>}
    </section>
  );
}
