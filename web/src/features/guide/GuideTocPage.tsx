// One level of the table of contents: the trail above, the section's heading, its
// sub-sections and articles, each marked when it changed since the agent's last visit.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { endpoints } from '@estran/contracts';
import { GUIDE_LANG, articleHref, isDay, tocHref } from './links.ts';
import { ApiError, AtForm, Breadcrumbs, ChangedBadge, Day } from './parts.tsx';
import { useEndpoint, useFocusWhenLoaded } from '../../lib/use-api-data.ts';

export function GuideTocPage() {
  const { t } = useTranslation();
  const folder = (useParams()['*'] ?? '').replace(/^\/+|\/+$/g, '');
  const [params, setParams] = useSearchParams();
  const at = isDay(params.get('at')) ? params.get('at')! : '';
  const toc = useEndpoint(endpoints.guide.toc, { query: { path: folder, at } });
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhenLoaded(heading, toc.data ? `${toc.data.path}@${at}` : null);

  const page = toc.data;
  const changed = page?.children.filter((c) => c.changedSinceLastVisit).length ?? 0;
  return (
    <section>
      {page && page.path !== '' && <Breadcrumbs trail={page.breadcrumbs} at={at || undefined} />}
      <ApiError error={toc.error} />
      {toc.loading && <p role="status">{t('app.loading')}</p>}
      {toc.error && !page && (
        <h1 ref={heading} tabIndex={-1}>
          {t('guide.toc.root')}
        </h1>
      )}
      {page && (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {page.path === '' ? t('guide.toc.title', { name: page.heading }) : <span lang={GUIDE_LANG}>{page.heading}</span>}
          </h1>
          {at && (
            <p className="notice">
              {t('guide.toc.at')} <Day value={at} />.
            </p>
          )}
          {changed > 0 && <p className="muted">{t('guide.toc.changedCount', { count: changed })}</p>}
          {page.children.length === 0 ? (
            <p>{t('guide.toc.empty')}</p>
          ) : (
            <ul className="toc-list" lang={GUIDE_LANG}>
              {page.children.map((c) => (
                <li key={c.path} className={c.kind}>
                  <Link to={c.kind === 'section' ? tocHref(c.path, at || undefined) : articleHref(c.path, at || undefined)}>{c.heading}</Link>
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
          <AtForm
            label={t('guide.toc.atLabel')}
            at={at}
            onChange={(next) => {
              setParams(next ? { at: next } : {});
            }}
          />
        </>
      )}
    </section>
  );
}
