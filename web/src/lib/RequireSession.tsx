import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Actor } from '@estran/contracts';
import { loginHref } from './return-path.ts';
import { useSession } from './session.tsx';

/**
 * Routes for logged-in agents; an optional pure policy (contracts/policies) hides the rest.
 * Without a session, the login page, which returns here afterwards (?retour=…).
 */
export function RequireSession({ policy }: { policy?: (actor: Actor) => boolean }) {
  const { session, loading } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (loading) return <p role="status">{t('app.loading')}</p>;
  if (!session) return <Navigate to={loginHref(`${location.pathname}${location.search}`)} replace />;
  if (policy && !policy({ roles: session.agent.roles, operator: session.agent.tenant.operator })) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('errors.forbiddenTitle')}</h1>
        <p role="alert">{t('errors.forbidden')}</p>
      </section>
    );
  }
  return <Outlet />;
}
