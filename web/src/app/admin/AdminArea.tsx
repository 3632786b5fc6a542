// The administration area (/admin/:tab): a page of tabs the features add (their
// `adminTabs`, lib/feature.ts), in the shell's order, each shown to whom its policy admits.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, useParams } from 'react-router';
import type { AdminTab } from '../../lib/feature.ts';
import { useSession } from '../../lib/session.tsx';

/** The tabs' order in the area; a tab not listed comes after these. */
const ORDER = ['tenants', 'units', 'sites', 'agents', 'devices', 'tokens', 'security', 'audit', 'guide'];

export function orderAdminTabs(tabs: readonly AdminTab[]): AdminTab[] {
  const rank = (tab: AdminTab) => (ORDER.includes(tab.id) ? ORDER.indexOf(tab.id) : ORDER.length);
  return [...tabs].sort((a, b) => rank(a) - rank(b));
}

/** Where /admin and an unknown tab lead. */
export const defaultAdminTab = 'agents';

export function AdminArea({ tabs }: { tabs: readonly AdminTab[] }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const { tab } = useParams();
  const actor = session ? { roles: session.agent.roles, operator: session.agent.tenant.operator } : null;
  const visible = tabs.filter((x) => !x.policy || (actor !== null && x.policy(actor)));
  const current = visible.find((x) => x.id === tab);
  if (!current) return <Navigate to={`/admin/${defaultAdminTab}`} replace />;
  return (
    <section>
      <h1 tabIndex={-1}>
        {t('admin.title')} — {t(current.label)}
      </h1>
      <nav aria-label={t('admin.tabs')}>
        <ul className="tabs">
          {visible.map((x) => (
            <li key={x.id}>
              <NavLink to={`/admin/${x.id}`}>{t(x.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Fragment key={current.id}>{current.element}</Fragment>
    </section>
  );
}
