// The frame of the guide's pages: the guide's own navigation, its summary (loaded once,
// shared with the pages), and the agent's visit.
//
// The visit: the "changed since your last visit" markers (table of contents) are worked
// out by the server from the last recorded visit. Recording it on arrival would clear them
// as soon as the agent opens a section, so it is recorded when the agent leaves the guide:
// an in-app move to another part of Estran, or the page going away (tab closed, other
// site). Until then every marker of this visit stays on every guide page.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useOutletContext } from 'react-router';
import { endpoints, type GuideSummary } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { Message } from '../../components/Message.tsx';
import { bookmarksHref, guideHome, tocHref } from './links.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';

export type GuideContext = { summary: GuideSummary | null };

export function useGuide(): GuideContext {
  return useOutletContext<GuideContext>();
}

const inGuide = () => window.location.pathname === '/guide' || window.location.pathname.startsWith('/guide/');

export function GuideLayout() {
  const { t } = useTranslation();
  const { session } = useSession();
  const summary = useEndpoint(endpoints.guide.summary, {});
  const csrfToken = session?.csrfToken ?? null;

  useEffect(() => {
    if (!csrfToken) return;
    // Leaving the page: keepalive lets the request outlive it (api.call cannot).
    const onPageHide = () => {
      void fetch(api.url(endpoints.guide.recordVisit), {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
        body: '{}',
      }).catch(() => {});
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      // Unmounted because the agent went elsewhere in Estran (not a re-render, not a move
      // inside the guide, not React's development double mount).
      if (!inGuide()) void api.call(endpoints.guide.recordVisit, { body: {} }).catch(() => {});
    };
  }, [csrfToken]);

  return (
    <div className="guide">
      <nav className="guide-nav no-print" aria-label={t('guide.nav.label')}>
        <ul>
          <li>
            <NavLink to={guideHome} end>
              {t('guide.nav.home')}
            </NavLink>
          </li>
          <li>
            <NavLink to={tocHref('')}>{t('guide.nav.toc')}</NavLink>
          </li>
          <li>
            <NavLink to="/guide/recherche">{t('guide.nav.search')}</NavLink>
          </li>
          <li>
            <NavLink to={bookmarksHref}>{t('guide.nav.bookmarks')}</NavLink>
          </li>
        </ul>
      </nav>
      {summary.error ? (
        <section>
          <h1 tabIndex={-1}>{t('guide.title')}</h1>
          <Message kind="error">{summary.error.message || t('errors.generic')}</Message>
        </section>
      ) : (
        <Outlet context={{ summary: summary.data } satisfies GuideContext} />
      )}
      <p className="guide-source small-text muted">{t('guide.source')}</p>
    </div>
  );
}
