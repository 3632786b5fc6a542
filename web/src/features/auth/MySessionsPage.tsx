import { useTranslation } from 'react-i18next';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { Message } from '../../components/Message.tsx';

export function MySessionsPage() {
  const { t, i18n } = useTranslation();
  const list = useEndpoint(endpoints.auth.listSessions, {});
  const sessions = list.data?.sessions ?? null;
  const load = list.reload;
  const date = (s: string) => new Date(s).toLocaleString(i18n.language);
  return (
    <section>
      <h1 tabIndex={-1}>{t('sessions.title')}</h1>
      <Message kind="error">{list.error?.message}</Message>
      {sessions && sessions.length === 0 && <p>{t('sessions.none')}</p>}
      {sessions && sessions.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('sessions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sessions.device')}</th>
                <th scope="col">{t('sessions.method')}</th>
                <th scope="col">{t('sessions.since')}</th>
                <th scope="col">{t('sessions.seen')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('sessions.end')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {t(`trust.${s.trust}`)}
                    {s.userAgent && <span className="muted small-text"> — {s.userAgent.slice(0, 60)}</span>}
                  </td>
                  <td>{t(`sessions.methods.${s.method}`)}</td>
                  <td>{date(s.createdAt)}</td>
                  <td>{date(s.lastSeenAt)}</td>
                  <td>
                    {s.current ? (
                      <strong>{t('sessions.current')}</strong>
                    ) : (
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={async () => {
                          await api.call(endpoints.auth.revokeSession, { params: { id: s.id }, body: {} }).catch(() => {});
                          load();
                        }}
                      >
                        {t('sessions.end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
