// What one update bulletin changed: the laws and decrees behind it, then the articles it
// added, changed (each with its word-level diff) and removed.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { endpoints, type BulletinPage } from '@estran/contracts';
import { useGuide } from './GuideLayout.tsx';
import { GUIDE_LANG, articleHref, bulletinHref, dayBefore, diffHref, isDay, splitTitle } from './links.ts';
import { ApiError, Day } from './parts.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';

type Item = BulletinPage['added'][number];

export function GuideBulletinPage() {
  const { t } = useTranslation();
  const id = useId();
  const { summary } = useGuide();
  const published = useParams().published ?? '';
  const valid = isDay(published);
  const bulletin = useEndpoint(endpoints.guide.bulletin, valid ? { params: { published } } : null);
  const b = bulletin.data;
  const kind = summary?.packages.find((p) => p.published === published)?.kind;
  const followsKind = b?.follows ? summary?.packages.find((p) => p.published === b.follows)?.kind : undefined;
  // The text before the bulletin: in force the day before it.
  const before = valid ? dayBefore(published) : '';

  const list = (key: 'added' | 'changed' | 'removed', items: Item[], link: (i: Item) => string, extra?: (i: Item) => ReactNode) => (
    <section aria-labelledby={`${id}-${key}`}>
      <h2 id={`${id}-${key}`}>{t(`guide.bulletin.${key}`, { count: items.length })}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('guide.bulletin.noneOfKind')}</p>
      ) : (
        <ul className="bulletin-list" lang={GUIDE_LANG}>
          {items.map((i) => {
            const { heading, trail } = splitTitle(i.title);
            return (
              <li key={i.path}>
                <Link to={link(i)}>{heading}</Link>
                {trail && <span className="muted trail"> — {trail}</span>}
                {extra?.(i)}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );

  return (
    <section className="guide-bulletin">
      <h1 tabIndex={-1}>
        {kind === 'edition' ? t('guide.home.edition') : t('guide.bulletin.title')} {valid ? <Day value={published} /> : published}
      </h1>
      {!valid && <p role="alert">{t('guide.bulletin.badDate')}</p>}
      <ApiError error={bulletin.error} />
      {bulletin.loading && <p role="status">{t('app.loading')}</p>}
      {b && (
        <>
          {b.follows && (
            <p className="muted">
              {t('guide.bulletin.follows')}{' '}
              {followsKind === 'update' ? (
                <Link to={bulletinHref(b.follows)}>
                  {t('guide.bulletin.title')} <Day value={b.follows} />
                </Link>
              ) : (
                <>
                  {followsKind === 'edition' ? t('guide.home.edition') : t('guide.bulletin.title')} <Day value={b.follows} />
                </>
              )}
            </p>
          )}
          <p role="status" className="muted">
            {t('guide.counts.added', { count: b.added.length })}, {t('guide.counts.changed', { count: b.changed.length })}, {t('guide.counts.removed', { count: b.removed.length })}
          </p>
          <section aria-labelledby={`${id}-refs`}>
            <h2 id={`${id}-refs`}>{t('guide.bulletin.references')}</h2>
            {b.references.length === 0 ? (
              <p className="muted">{t('guide.bulletin.noReferences')}</p>
            ) : (
              <ul lang={GUIDE_LANG}>
                {b.references.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
          </section>
          {list('added', b.added, (i) => articleHref(i.path, published))}
          {list(
            'changed',
            b.changed,
            (i) => articleHref(i.path, published),
            (i) => (
              <>
                {' '}
                <Link className="diff-link" to={diffHref(i.path, before, published)}>
                  {t('guide.article.seeChanges')}
                  <span className="visually-hidden"> — {splitTitle(i.title).heading}</span>
                </Link>
              </>
            ),
          )}
          {list('removed', b.removed, (i) => articleHref(i.path, before))}
        </>
      )}
    </section>
  );
}
