import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { canAdministerTenant, canUseHelpdesk } from '@estran/contracts';
import { accessibilityStatementPath } from '../features/accessibility/index.ts';
import type { NavItem } from '../lib/feature.ts';
import { IdleWarning } from '../lib/IdleWarning.tsx';
import { DocumentTitle } from '../lib/page-title.tsx';
import { useSession } from '../lib/session.tsx';

export function Layout({ navLinks = [] }: { navLinks?: readonly NavItem[] }) {
  const { t, i18n } = useTranslation();
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const actor = session ? { roles: session.agent.roles, operator: session.agent.tenant.operator } : null;

  // After an in-app navigation, move focus to the new page's heading so screen-reader
  // users hear where they are; on first load, focus stays at the top (skip link first).
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location.pathname]);

  return (
    <>
      <DocumentTitle mainId="contenu" />
      <a className="skip-link" href="#contenu">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="brand">
          {/* The agent's organisation's logo (issue 17), named by the organisation's name. */}
          {session?.agent.tenant.logoUrl && <img className="brand-logo" src={session.agent.tenant.logoUrl} alt={session.agent.tenant.name} />}
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-tools">
          {session && (
            <p className="account" aria-label={t('nav.account', { name: session.agent.displayName, tenant: session.agent.tenant.name })}>
              <span>{session.agent.displayName}</span>
              <span className="muted"> · {session.agent.tenant.name}</span>
            </p>
          )}
          <button
            type="button"
            className="link-button"
            lang={i18n.language === 'fr' ? 'en' : 'fr'}
            aria-label={t('app.languageLabel')}
            onClick={() => void i18n.changeLanguage(i18n.language === 'fr' ? 'en' : 'fr')}
          >
            {t('app.language')}
          </button>
          {session && (
            <button
              type="button"
              className="button secondary"
              onClick={async () => {
                await logout();
                navigate('/connexion');
              }}
            >
              {t('nav.logout')}
            </button>
          )}
        </div>
      </header>
      {session && actor && (
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/mon-compte/cles">{t('nav.keys')}</NavLink>
            </li>
            <li>
              <NavLink to="/mon-compte/sessions">{t('nav.sessions')}</NavLink>
            </li>
            {navLinks
              .filter((link) => !link.policy || link.policy(actor))
              .map((link) => (
                <li key={link.to}>
                  <NavLink to={link.to}>{t(link.label)}</NavLink>
                </li>
              ))}
            {canUseHelpdesk(actor) && (
              <li>
                <NavLink to="/assistance">{t('nav.helpdesk')}</NavLink>
              </li>
            )}
            {canAdministerTenant(actor) && (
              <li>
                <NavLink to="/admin">{t('nav.admin')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
      )}
      <main id="contenu" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <ul>
          <li>
            <NavLink to={accessibilityStatementPath}>{t('accessibility.footer')}</NavLink>
          </li>
        </ul>
      </footer>
      {session && <IdleWarning />}
    </>
  );
}
