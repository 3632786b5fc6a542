// The directory in the administration area: member organisations (operator
// administrators); the tenant's units, sites and agents have their own tabs (UnitsTab.tsx, SitesTab.tsx, AgentsTab.tsx).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type CreateTenantBody } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { TenantEditForm } from './TenantEditForm.tsx';

const TENANT_KINDS = ['departement', 'commune', 'intercommunalite', 'ccas', 'syndicat'] as const satisfies readonly CreateTenantBody['kind'][];

export function TenantsTab() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [kind, setKind] = useState<CreateTenantBody['kind']>('commune');
  const [phone, setPhone] = useState('');
  const [reload, setReload] = useState(0);
  const submit = useSubmit();
  return (
    <>
      <PagedList
        endpoint={endpoints.org.listTenants}
        label={t('admin.tenants')}
        reloadKey={reload}
        columns={[
          { header: t('admin.name'), cell: (x) => x.name },
          { header: t('admin.slug'), cell: (x) => x.slug },
          { header: t('admin.kind'), cell: (x) => t(`kinds.tenant.${x.kind}`) },
          { header: t('organisation.hostnames'), cell: (x) => x.hostnames.join(', ') },
          { header: t('units.actions'), cell: (x) => <TenantEditForm key={x.id} tenant={x} onSaved={() => setReload((r) => r + 1)} /> },
        ]}
      />
      <h2>{t('admin.createTenant')}</h2>
      <FormStatus state={submit} />
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const created = await api.call(endpoints.org.createTenant, { body: { name, slug, kind, ...(phone ? { helpdeskPhone: phone } : {}) } });
            setName('');
            setSlug('');
            setReload((r) => r + 1);
            return t('admin.created', { name: created.name });
          });
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
          <select id="tenant-kind" value={kind} onChange={(e) => setKind(e.target.value as CreateTenantBody['kind'])}>
            {TENANT_KINDS.map((k) => (
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
        <button type="submit" className="button" disabled={submit.busy}>
          {t('admin.create')}
        </button>
      </form>
    </>
  );
}
