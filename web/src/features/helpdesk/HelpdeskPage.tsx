import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';

export function HelpdeskPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [reloadDevices, setReloadDevices] = useState(0);
  const stolen = useSubmit();
  return (
    <section>
      <h1 tabIndex={-1}>{t('helpdesk.title')}</h1>
      <h2>{t('helpdesk.findAgent')}</h2>
      <div className="field inline">
        <label htmlFor="status-filter">{t('helpdesk.status')}</label>
        <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('helpdesk.statuses.all')}</option>
          <option value="suspended">{t('helpdesk.statuses.suspended')}</option>
          <option value="active">{t('helpdesk.statuses.active')}</option>
          <option value="disabled">{t('helpdesk.statuses.disabled')}</option>
        </select>
      </div>
      <PagedList
        endpoint={endpoints.helpdesk.searchAgents}
        label={t('helpdesk.findAgent')}
        searchLabel={t('helpdesk.searchAgents')}
        searchHint={t('helpdesk.searchHint')}
        filters={{ status: status || undefined }}
        columns={[
          {
            header: t('admin.name'),
            cell: (a) => (
              <Link to={`/assistance/agents/${a.id}`} aria-label={t('helpdesk.open', { name: a.displayName })}>
                {a.displayName}
              </Link>
            ),
          },
          { header: t('admin.email'), cell: (a) => a.email },
          { header: t('admin.unit'), cell: (a) => a.unitName ?? '—' },
          {
            header: t('helpdesk.status'),
            cell: (a) => <span className={`badge ${a.status}`}>{t(`helpdesk.statuses.${a.status}`)}</span>,
          },
        ]}
      />
      <h2>{t('helpdesk.devices')}</h2>
      <FormStatus state={stolen} />
      <PagedList
        endpoint={endpoints.devices.list}
        label={t('helpdesk.devices')}
        searchLabel={t('helpdesk.searchDevices')}
        reloadKey={reloadDevices}
        columns={[
          { header: t('helpdesk.deviceName'), cell: (d) => d.name },
          { header: t('helpdesk.deviceKind'), cell: (d) => t(`helpdesk.deviceKinds.${d.kind}`) },
          { header: t('helpdesk.assigned'), cell: (d) => d.assignedTo ?? '—' },
          {
            header: t('helpdesk.deviceState'),
            cell: (d) =>
              d.stolenAt ? (
                t('helpdesk.stolen')
              ) : (
                <button
                  type="button"
                  className="button danger small"
                  onClick={() => {
                    if (!window.confirm(t('helpdesk.confirmStolen', { name: d.name }))) return;
                    void stolen.run(async () => {
                      const r = await api.call(endpoints.devices.declareStolen, { params: { id: d.id }, body: {} });
                      setReloadDevices((x) => x + 1);
                      return t('helpdesk.stolenDone', { count: r.sessionsEnded });
                    });
                  }}
                >
                  {t('helpdesk.declareStolen', { name: d.name })}
                </button>
              ),
          },
        ]}
      />
    </section>
  );
}
