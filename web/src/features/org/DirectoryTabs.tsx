import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, useParams } from 'react-router';
import { canAdministerOperator, type Agent, type Site, type Tenant, type Unit } from '@estran/contracts';
import { ApiFailure, api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { Message } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { DevicesTab } from './DevicesTab.tsx';
import { GuideTab } from './GuideTab.tsx';
import { SecuritySettingsTab } from './SecuritySettingsTab.tsx';
import { ServiceTokensTab } from './ServiceTokensTab.tsx';

const TABS = ['tenants', 'units', 'sites', 'agents', 'devices', 'tokens', 'security', 'guide'] as const;
type Tab = (typeof TABS)[number];

export function AdminPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const { tab } = useParams();
  const operator = session ? canAdministerOperator({ roles: session.agent.roles, operator: session.agent.tenant.operator }) : false;
  const visible = TABS.filter((x) => x !== 'tenants' || operator);
  if (!visible.includes(tab as Tab)) return <Navigate to="/admin/agents" replace />;
  const current = tab as Tab;
  return (
    <section>
      <h1 tabIndex={-1}>
        {t('admin.title')} — {t(`admin.${current}`)}
      </h1>
      <nav aria-label={t('admin.tabs')}>
        <ul className="tabs">
          {visible.map((x) => (
            <li key={x}>
              <NavLink to={`/admin/${x}`}>{t(`admin.${x}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {current === 'tenants' && <TenantsTab />}
      {current === 'devices' && <DevicesTab />}
      {current === 'tokens' && <ServiceTokensTab />}
      {current === 'security' && <SecuritySettingsTab />}
      {current === 'guide' && <GuideTab />}
      {current === 'units' && (
        <PagedList<Unit>
          url="/api/admin/units"
          label={t('admin.units')}
          columns={[
            { header: t('admin.name'), cell: (u) => u.name },
            { header: t('admin.kind'), cell: (u) => t(`kinds.unit.${u.kind}`) },
            { header: t('admin.path'), cell: (u) => u.path },
          ]}
        />
      )}
      {current === 'sites' && (
        <PagedList<Site>
          url="/api/admin/sites"
          label={t('admin.sites')}
          columns={[
            { header: t('admin.name'), cell: (s) => s.name },
            { header: t('admin.kind'), cell: (s) => t(`kinds.site.${s.kind}`) },
            { header: t('admin.city'), cell: (s) => `${s.postalCode ?? ''} ${s.city}`.trim() },
            { header: t('admin.shared'), cell: (s) => (s.sharedWithPartners ? t('admin.yes') : t('admin.no')) },
          ]}
        />
      )}
      {current === 'agents' && (
        <PagedList<Agent>
          url="/api/admin/agents"
          label={t('admin.agents')}
          columns={[
            { header: t('admin.name'), cell: (a) => `${a.lastName} ${a.firstName}` },
            { header: t('admin.email'), cell: (a) => a.email },
            { header: t('admin.component'), cell: (a) => t(`components.${a.component}`) },
            { header: t('admin.unit'), cell: (a) => a.unitName ?? '—' },
            { header: t('admin.mobility'), cell: (a) => (a.nomadic ? t('admin.nomadic') : t('admin.sedentary')) },
            { header: t('admin.roles'), cell: (a) => a.roles.map((r) => t(`roles.${r}`)).join(', ') },
          ]}
        />
      )}
    </section>
  );
}

function TenantsTab() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [kind, setKind] = useState('commune');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  return (
    <>
      <PagedList<Tenant>
        url="/api/admin/tenants"
        label={t('admin.tenants')}
        reloadKey={reload}
        columns={[
          { header: t('admin.name'), cell: (x) => x.name },
          { header: t('admin.slug'), cell: (x) => x.slug },
          { header: t('admin.kind'), cell: (x) => t(`kinds.tenant.${x.kind}`) },
        ]}
      />
      <h2>{t('admin.createTenant')}</h2>
      <Message kind="error">{error}</Message>
      <Message kind="success">{info}</Message>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setInfo(null);
          try {
            const created = await api.post<Tenant>('/api/admin/tenants', { name, slug, kind, ...(phone ? { helpdeskPhone: phone } : {}) });
            setInfo(t('admin.created', { name: created.name }));
            setName('');
            setSlug('');
            setReload((r) => r + 1);
          } catch (err) {
            setError(err instanceof ApiFailure ? err.message : t('errors.generic'));
          }
        }}
      >
        <div className="field">
          <label htmlFor="tenant-name">{t('admin.name')}</label>
          <input id="tenant-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tenant-slug">{t('admin.slug')}</label>
          <input id="tenant-slug" required pattern="[a-z0-9][a-z0-9-]*" maxLength={63} value={slug} onChange={(e) => setSlug(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tenant-kind">{t('admin.kind')}</label>
          <select id="tenant-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {(['departement', 'commune', 'intercommunalite', 'ccas'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`kinds.tenant.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tenant-phone">{t('admin.helpdeskPhone')}</label>
          <input id="tenant-phone" type="tel" maxLength={32} value={phone} onChange={(e) => setPhone(e.target.value)} />
        </div>
        <button type="submit" className="button">
          {t('admin.create')}
        </button>
      </form>
    </>
  );
}
