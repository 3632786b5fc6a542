import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Actor } from '@estran/contracts';
import { useSession } from './session.tsx';

/** Routes for logged-in agents; an optional pure policy (contracts/policies) hides the rest. */
export function RequireSession({ policy }: { policy?: (actor: Actor) => boolean }) {
  const { session, loading } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (loading) return <p role="status">{t('app.loading')}</p>;
  if (!session) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />;
  if (policy && !policy({ roles: session.agent.roles, operator: session.agent.tenant.operator })) {
    return <p role="alert">{t('errors.forbidden')}</p>;
  }
  return <Outlet />;
}
