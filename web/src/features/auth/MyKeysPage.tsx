import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecurityKey } from '@estran/contracts';
import { ApiFailure, api } from '../../lib/api.ts';
import { useApiData } from '../../lib/use-api-data.ts';
import { Message } from '../../components/Message.tsx';
import { CeremonyCancelled, registerKey } from './webauthn.ts';

export function MyKeysPage() {
  const { t, i18n } = useTranslation();
  const list = useApiData<{ keys: SecurityKey[] }>('/api/auth/keys');
  const keys = list.data?.keys ?? null;
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const date = (s: string | null) => (s ? new Date(s).toLocaleString(i18n.language) : t('keys.never'));

  const load = list.reload;

  return (
    <section>
      <h1 tabIndex={-1}>{t('keys.title')}</h1>
      <Message kind="error">{error ?? list.error?.message}</Message>
      <Message kind="success">{info}</Message>
      {keys && keys.length === 0 && <p>{t('keys.none')}</p>}
      {keys && keys.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('keys.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('keys.name')}</th>
                <th scope="col">{t('keys.created')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('keys.revoke', { name: '' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td>{date(k.createdAt)}</td>
                  <td>{date(k.lastUsedAt)}</td>
                  <td>{k.revokedAt ? t('keys.revoked') : t('keys.active')}</td>
                  <td>
                    {!k.revokedAt && (
                      <button
                        type="button"
                        className="button danger small"
                        onClick={async () => {
                          if (!window.confirm(t('keys.confirmRevoke', { name: k.name }))) return;
                          try {
                            await api.post(`/api/auth/keys/${k.id}/revoke`);
                            load();
                          } catch (e) {
                            setError(e instanceof ApiFailure ? e.message : t('errors.generic'));
                          }
                        }}
                      >
                        {t('keys.revoke', { name: k.name })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('keys.add')}</h2>
      <p>{t('keys.addIntro')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          setInfo(null);
          try {
            const r = await registerKey({ name: name.trim() || undefined });
            setInfo(t('keys.added', { name: r.name }));
            setName('');
            load();
          } catch (err) {
            setError(err instanceof CeremonyCancelled ? t('login.cancelled') : err instanceof ApiFailure ? err.message : t('errors.generic'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="field">
          <label htmlFor="spare-name">{t('enrol.keyName')}</label>
          <input id="spare-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('keys.add')}
        </button>
      </form>
    </section>
  );
}
