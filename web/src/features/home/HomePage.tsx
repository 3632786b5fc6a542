import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints } from '@estran/contracts';
import { usePageTitle } from '../../lib/page-title.tsx';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';

const TILES = ['guide', 'cases', 'apps', 'alerts'] as const;

export function HomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  // The guide's tile says how many articles changed since the last visit (none published: nothing).
  const changes = useEndpoint(endpoints.guide.changes, session ? {} : null);
  // The heading greets the agent; the page's title says where they are.
  usePageTitle(t('home.pageTitle'));
  if (!session) return null;
  const changed = changes.data?.total ?? 0;
  return (
    <section>
      <h1 tabIndex={-1}>{t('home.title', { name: session.agent.displayName })}</h1>
      <p className="muted">
        {t('home.trust', { level: t(`trust.${session.trust}`) })}. {t(`home.trustMeans.${session.trust}`)}
      </p>
      <h2>{t('home.intro')}</h2>
      <ul className="tiles">
        {TILES.map((tile) =>
          tile === 'guide' ? (
            <li key={tile} className="tile tile-link">
              <Link to="/guide" className="tile-title">
                {t(`home.tiles.${tile}`)}
              </Link>
              <span className="tile-note">{changed > 0 ? t('guide.tileChanges', { count: changed }) : t('guide.tileNote')}</span>
            </li>
          ) : (
            <li key={tile} className="tile" aria-disabled="true">
              <span className="tile-title">{t(`home.tiles.${tile}`)}</span>
              <span className="tile-note">{t('home.soon')}</span>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
