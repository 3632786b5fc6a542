// The articles that changed since the agent's last visit, on the guide's home: each with
// what happened to it, the bulletin, and a link to its word-level diff.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints } from '@estran/contracts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { GUIDE_LANG, articleHref, diffHref, splitTitle } from './links.ts';
import { Day } from './parts.tsx';

const FIRST = 10;

export function ChangesSinceVisit() {
  const { t } = useTranslation();
  const id = useId();
  const changes = useEndpoint(endpoints.guide.changes, {});
  const [all, setAll] = useState(false);
  // First visit: nothing is new; the updates list below says what each bulletin changed.
  if (!changes.data?.since) return null;
  const { items, total } = changes.data;
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <section aria-labelledby={`${id}-since`} className="changes-since">
      <h2 id={`${id}-since`}>{t('guide.home.sinceTitle')}</h2>
      {total === 0 ? (
        <p>{t('guide.home.sinceNone')}</p>
      ) : (
        <>
          <ul className="change-list">
            {shown.map((c) => {
              const { heading, trail } = splitTitle(c.title);
              return (
                <li key={c.path}>
                  <span className={`badge change-${c.change}`}>{t(`guide.home.change.${c.change}`)}</span>{' '}
                  {c.change === 'removed' ? (
                    <span lang={GUIDE_LANG}>{heading}</span>
                  ) : (
                    <Link to={articleHref(c.path)} lang={GUIDE_LANG}>
                      {heading}
                    </Link>
                  )}{' '}
                  <span className="muted">
                    ({t('guide.home.inBulletin')} <Day value={c.bulletin} />)
                  </span>
                  {c.change === 'changed' && c.before && (
                    <>
                      {' '}
                      <Link to={diffHref(c.path, c.before, c.bulletin)}>{t('guide.home.showDiff')}</Link>
                    </>
                  )}
                  {trail && (
                    <span className="trail muted" lang={GUIDE_LANG}>
                      {trail}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          {!all && items.length > FIRST && (
            <button type="button" className="button" onClick={() => setAll(true)}>
              {t('guide.home.showAll', { count: items.length })}
            </button>
          )}
          {total > items.length && <p className="muted">{t('guide.home.moreInBulletins', { count: total - items.length })}</p>}
        </>
      )}
    </section>
  );
}
