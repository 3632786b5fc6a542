// Service accounts for integrations: scoped, expiring bearer tokens, shown once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, serviceScopes, type ServiceScope } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';

export function ServiceTokensTab() {
  const { t, i18n } = useTranslation();
  const list = useEndpoint(endpoints.serviceTokens.list, {});
  const items = list.data?.items ?? [];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ServiceScope[]>([]);
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<string | null>(null);
  const submit = useSubmit();
  const load = list.reload;
  const date = (s: string | null) => (s ? new Date(s).toLocaleDateString(i18n.language) : '—');
  return (
    <>
      <FormStatus state={{ error: submit.error ?? list.error?.message ?? null, success: submit.success }} />
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.tokens')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.scopes')}</th>
                <th scope="col">{t('admin.expires')}</th>
                <th scope="col">{t('keys.lastUsed')}</th>
                <th scope="col">{t('keys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td>{x.scopes.join(', ')}</td>
                  <td>{date(x.expiresAt)}</td>
                  <td>{date(x.lastUsedAt)}</td>
                  <td>
                    {x.revokedAt ? (
                      t('keys.revoked')
                    ) : (
                      <button
                        type="button"
                        className="button danger small"
                        onClick={async () => {
                          await api.call(endpoints.serviceTokens.revoke, { params: { id: x.id }, body: {} }).catch(() => {});
                          load();
                        }}
                      >
                        {t('keys.revoke', { name: x.name })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('admin.createToken')}</h2>
      {created && (
        <div className="message success" role="status">
          <p>{t('admin.tokenOnce')}</p>
          <p>
            <code className="wrap">{created}</code>
          </p>
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const r = await api.call(endpoints.serviceTokens.create, { body: { name, scopes, expiresInDays: days } });
            setCreated(r.token);
            setName('');
            load();
          });
        }}
      >
        <div className="field">
          <label htmlFor="token-name">{t('admin.name')}</label>
          <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset>
          <legend>{t('admin.scopes')}</legend>
          {serviceScopes.map((s) => (
            <div className="checkbox" key={s}>
              <input
                id={`scope-${s}`}
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              <label htmlFor={`scope-${s}`}>{s}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="token-days">{t('admin.days')}</label>
          <input id="token-days" type="number" min={1} max={366} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </div>
        <button type="submit" className="button" disabled={scopes.length === 0 || submit.busy}>
          {t('admin.create')}
        </button>
      </form>
    </>
  );
}
