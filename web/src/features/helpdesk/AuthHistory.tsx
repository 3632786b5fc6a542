// The agent's recent logins and failures in the helpdesk's file (GET
// /api/helpdesk/agents/{id}/history): when (Intl, the tenant's time zone), what (a login,
// a failure and its reason in plain words, a suspension, an unblock…), by which means,
// from where (the device's trust level and the browser as « Firefox sur Windows »), the
// address. Paged like every list (the shared pager), newest first.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type HelpdeskAuthEvent } from '@estran/contracts';
import { describeUserAgent, formatDateTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { TableWrap } from '../../lib/TableWrap.tsx';
import { Message } from '../../components/Message.tsx';

const PAGE_SIZE = 10;

export function AuthHistory({ agentId, agentName, reloadKey }: { agentId: string; agentName: string; reloadKey: number }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [page, setPage] = useState(1);
  const loaded = useEndpoint(endpoints.helpdesk.authHistory, { params: { id: agentId }, query: { page, pageSize: PAGE_SIZE } }, { keepPrevious: true });
  const { data, reload } = loaded;
  // An action on the file (a reset, an unblock code) adds to the history: read it again.
  useEffect(() => {
    if (reloadKey > 0) reload();
  }, [reloadKey, reload]);
  const timeZone = session?.agent.tenant.timeZone;
  const when = (s: string) => formatDateTime(s, i18n.language, { style: 'short', ...(timeZone ? { timeZone } : {}) });
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  const what = (e: HelpdeskAuthEvent) => {
    const kind = t(`helpdesk.history.kinds.${e.kind}`);
    const parts = [kind];
    if (e.kind !== 'login' && e.kind !== 'unblocked' && e.kind !== 'unblock_code_wrong' && e.kind !== 'password_totp_reset') {
      parts.push(e.reason ? t(`helpdesk.history.reasons.${e.reason}`) : t('helpdesk.history.unknownReason'));
    }
    if (e.strikes !== null) parts.push(t('helpdesk.history.strike', { count: e.strikes }));
    if (e.byName) parts.push(t('helpdesk.history.by', { name: e.byName }));
    return parts.join(' — ');
  };

  return (
    <div className="auth-history">
      <h2>{t('helpdesk.history.title')}</h2>
      <p>{t('helpdesk.history.intro')}</p>
      <Message kind="error">{loaded.error?.message}</Message>
      {data && data.items.length === 0 && <p>{t('helpdesk.history.empty')}</p>}
      {data && data.items.length > 0 && (
        <TableWrap label={t('helpdesk.history.caption', { name: agentName })}>
          <table>
            <caption className="visually-hidden">{t('helpdesk.history.caption', { name: agentName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('helpdesk.history.when')}</th>
                <th scope="col">{t('helpdesk.history.event')}</th>
                <th scope="col">{t('helpdesk.history.method')}</th>
                <th scope="col">{t('helpdesk.history.from')}</th>
                <th scope="col">{t('helpdesk.history.address')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id} className={e.kind === 'login' ? undefined : 'history-problem'}>
                  <td>{when(e.at)}</td>
                  <td>{what(e)}</td>
                  <td>{e.method ? t(`helpdesk.history.methods.${e.method}`) : '—'}</td>
                  <td>{e.kind === 'login' ? [e.trust ? t(`trust.${e.trust}`) : null, describeUserAgent(e.userAgent, i18n.language)].filter(Boolean).join(', ') : '—'}</td>
                  <td>{e.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {data && pages > 1 && (
        <nav className="pager" aria-label={`${t('list.pagination')} — ${t('helpdesk.history.title')}`}>
          {/* aria-disabled, not disabled, as the shared pager: reaching the first or last page must not drop focus to <body> (RGAA 12.8). */}
          <button type="button" className="button secondary" aria-disabled={page <= 1 || undefined} onClick={() => page > 1 && setPage((p) => p - 1)}>
            {t('list.previous')}
          </button>
          <span>{t('list.page', { page, pages })}</span>
          <button type="button" className="button secondary" aria-disabled={page >= pages || undefined} onClick={() => page < pages && setPage((p) => p + 1)}>
            {t('list.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
