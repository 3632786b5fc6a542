// The guide's home: search first, the date the guide is up to, the articles changed since
// the agent's last visit, what each update changed (newest first, the ones since the last
// visit marked), the codes, the bookmarks.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { endpoints } from '@estran/contracts';
import { ChangesSinceVisit } from './ChangesSinceVisit.tsx';
import { useGuide } from './GuideLayout.tsx';
import { GUIDE_LANG, bookmarksHref, bulletinHref, formatMoment, searchHref, tocHref } from './links.ts';
import { ApiError, ChangedBadge, Day } from './parts.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';

export function GuideHomePage() {
  const { t, i18n } = useTranslation();
  const { summary } = useGuide();
  const navigate = useNavigate();
  const id = useId();
  const [q, setQ] = useState('');
  const toc = useEndpoint(endpoints.guide.toc, {});

  // A bulletin applied here after the agent's last visit is new to them.
  const isNew = (importedAt: string) => summary?.lastVisit != null && importedAt > summary.lastVisit;
  const packages = [...(summary?.packages ?? [])].sort((a, b) => b.published.localeCompare(a.published));
  const sinceVisit = packages.filter((p) => p.kind === 'update' && isNew(p.importedAt)).reduce((n, p) => n + p.added + p.changed + p.removed, 0);

  return (
    <section className="guide-home">
      <h1 tabIndex={-1}>{summary?.name ?? t('guide.title')}</h1>
      <form
        role="search"
        className="guide-search big"
        onSubmit={(e) => {
          e.preventDefault();
          if (q.trim()) navigate(searchHref(q.trim()));
        }}
      >
        <label htmlFor={`${id}-q`}>{t('guide.search.label')}</label>
        <p id={`${id}-hint`} className="muted">
          {t('guide.search.hint')}
        </p>
        <div className="search-row">
          <input id={`${id}-q`} type="search" value={q} maxLength={300} aria-describedby={`${id}-hint`} required onChange={(e) => setQ(e.target.value)} />
          <button type="submit" className="button primary large">
            {t('guide.search.submit')}
          </button>
        </div>
      </form>

      {summary && (
        <div className="guide-status">
          <p className="up-to-date">{summary.current ? <>{t('guide.home.upToDate')} <Day value={summary.current} /></> : t('guide.home.empty')}</p>
          <p className="muted">
            {summary.lastVisit ? t('guide.home.lastVisit', { date: formatMoment(summary.lastVisit, i18n.language) }) : t('guide.home.firstVisit')}
            {sinceVisit > 0 && <> {t('guide.home.sinceVisit', { count: sinceVisit })}</>}
          </p>
        </div>
      )}

      <ChangesSinceVisit />

      <div className="guide-columns">
        <section aria-labelledby={`${id}-changes`}>
          <h2 id={`${id}-changes`}>{t('guide.home.changes')}</h2>
          {!summary && <p role="status">{t('app.loading')}</p>}
          {summary && packages.length === 0 && <p>{t('guide.home.noChanges')}</p>}
          {packages.length > 0 && (
            <ol className="package-list">
              {packages.map((p) => (
                <li key={p.published}>
                  {p.kind === 'update' ? (
                    <>
                      <Link to={bulletinHref(p.published)}>
                        {t('guide.bulletin.title')} <Day value={p.published} />
                      </Link>
                      {isNew(p.importedAt) && (
                        <>
                          {' '}
                          <span className="badge changed">{t('guide.home.new')}</span>
                        </>
                      )}
                      <span className="counts">
                        {t('guide.counts.added', { count: p.added })}, {t('guide.counts.changed', { count: p.changed })}, {t('guide.counts.removed', { count: p.removed })}
                      </span>
                    </>
                  ) : (
                    <>
                      <span>
                        {t('guide.home.edition')} <Day value={p.published} />
                      </span>
                      <span className="counts">{t('guide.counts.articles', { count: p.added })}</span>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>

        <div>
          <section aria-labelledby={`${id}-toc`}>
            <h2 id={`${id}-toc`}>{t('guide.toc.root')}</h2>
            <ApiError error={toc.error} />
            {toc.loading && <p role="status">{t('app.loading')}</p>}
            {toc.data && (
              <ul className="toc-list" lang={GUIDE_LANG}>
                {toc.data.children.map((c) => (
                  <li key={c.path}>
                    <Link to={tocHref(c.path)}>{c.heading}</Link>
                    {c.changedSinceLastVisit && (
                      <>
                        {' '}
                        <ChangedBadge />
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby={`${id}-bookmarks`}>
            <h2 id={`${id}-bookmarks`}>{t('guide.bookmarks.title')}</h2>
            <p>
              <Link to={bookmarksHref}>{t('guide.home.bookmarksLink')}</Link>
            </p>
          </section>
        </div>
      </div>
    </section>
  );
}
