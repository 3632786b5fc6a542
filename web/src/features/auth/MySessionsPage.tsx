import { useTranslation } from 'react-i18next';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { describeUserAgent, formatDateTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';
import { TableWrap } from '../../lib/TableWrap.tsx';

export function MySessionsPage() {
  const { t, i18n } = useTranslation();
  const list = useEndpoint(endpoints.auth.listSessions, {});
  const sessions = list.data?.sessions ?? null;
  const load = list.reload;
  const { session } = useSession();
  const timeZone = session?.agent.tenant.timeZone;
  const date = (s: string) => formatDateTime(s, i18n.language, timeZone ? { style: 'short', timeZone } : { style: 'short' });
  // Ending a session removes its row and button: focus goes to the outcome (useSubmit).
  const end = useSubmit();
  return (
    <section>
      <h1 tabIndex={-1}>{t('sessions.title')}</h1>
      <p>{t('sessions.trustHelp')}</p>
      <FormStatus state={{ ...end, error: end.error ?? list.error?.message ?? null }} />
      {sessions && sessions.length === 0 && <p>{t('sessions.none')}</p>}
      {sessions && sessions.length > 0 && (
        <TableWrap label={t('sessions.title')}>
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
                    {s.userAgent && <span className="muted small-text"> — {describeUserAgent(s.userAgent, i18n.language)}</span>}
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
                        onClick={() =>
                          void end.run(async () => {
                            await api.call(endpoints.auth.revokeSession, { params: { id: s.id }, body: {} });
                            load();
                            return t('sessions.ended');
                          })
                        }
                      >
                        {t('sessions.end')}
                        <span className="visually-hidden"> {t('sessions.endWhich', { date: date(s.createdAt) })}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
