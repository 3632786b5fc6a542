// Service accounts for integrations: scoped, expiring bearer tokens, shown once. Each
// scope is shown as the sentence of what it allows, its code beside it for the integrator.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, serviceScopes, type ServiceScope } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { CopyButton } from '../../lib/CopyButton.tsx';
import { Field } from '../../lib/Field.tsx';
import { formatDate } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { FormError, useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';
import { TableWrap } from '../../lib/TableWrap.tsx';

export function ServiceTokensTab() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const timeZone = session?.agent.tenant.timeZone;
  const list = useEndpoint(endpoints.serviceTokens.list, {});
  const items = list.data?.items ?? [];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ServiceScope[]>([]);
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<string | null>(null);
  const submit = useSubmit();
  const revoke = useSubmit();
  const createdBox = useRef<HTMLDivElement>(null);
  const load = list.reload;
  const date = (s: string | null) => (s ? formatDate(s, i18n.language, timeZone ? { timeZone } : {}) : '—');
  // Scope names hold a colon, i18next's namespace separator: read them as plain keys.
  const scopeText = (s: ServiceScope) => t(`serviceTokens.scopes.${s}`, { nsSeparator: false });
  return (
    <>
      <p>{t('serviceTokens.intro')}</p>
      <FormStatus state={{ ...revoke, error: revoke.error ?? list.error?.message ?? null }} />
      {items.length > 0 && (
        <TableWrap label={t('admin.tokens')}>
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
                  <td>
                    <ul className="plain compact">
                      {x.scopes.map((s) => (
                        <li key={s}>{scopeText(s)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{date(x.expiresAt)}</td>
                  <td>{date(x.lastUsedAt)}</td>
                  <td>
                    {x.revokedAt ? (
                      t('keys.revoked')
                    ) : (
                      <button
                        type="button"
                        className="button danger small"
                        onClick={() => {
                          if (!window.confirm(t('serviceTokens.confirmRevoke', { name: x.name }))) return;
                          void revoke.run(async () => {
                            await api.call(endpoints.serviceTokens.revoke, { params: { id: x.id }, body: {} });
                            load();
                            return t('serviceTokens.revoked', { name: x.name });
                          });
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
        </TableWrap>
      )}
      <h2>{t('admin.createToken')}</h2>
      {created && (
        <div className="message success" ref={createdBox} tabIndex={-1}>
          <p>{t('admin.tokenOnce')}</p>
          <p>
            <code className="wrap">{created}</code> <CopyButton value={created} what={t('serviceTokens.token')} />
          </p>
        </div>
      )}
      <FormStatus state={submit} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(
            async () => {
              if (scopes.length === 0) throw new FormError(t('serviceTokens.scopesRequired'), { field: 'scopes' });
              const r = await api.call(endpoints.serviceTokens.create, { body: { name, scopes, expiresInDays: Number(days) } });
              setCreated(r.token);
              setName('');
              setScopes([]);
              load();
              return t('serviceTokens.created', { name: r.name });
            },
            { form: e.currentTarget },
          );
        }}
      >
        <Field id="token-name" name="name" label={t('admin.name')} required errors={submit.fieldErrors}>
          <input maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <fieldset aria-describedby={submit.fieldErrors.scopes ? 'token-scopes-hint token-scopes-error' : 'token-scopes-hint'}>
          <legend>
            {t('admin.scopes')}{' '}
            <span className="required" aria-hidden="true">
              {t('form.requiredMark')}
            </span>
          </legend>
          <p id="token-scopes-hint" className="hint">
            {t('serviceTokens.scopesHint')}
          </p>
          {submit.fieldErrors.scopes && (
            <p id="token-scopes-error" className="field-error">
              {submit.fieldErrors.scopes}
            </p>
          )}
          {serviceScopes.map((s, i) => (
            <div className="checkbox" key={s}>
              <input
                id={`scope-${s}`}
                type="checkbox"
                checked={scopes.includes(s)}
                aria-invalid={i === 0 && submit.fieldErrors.scopes ? true : undefined}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              <label htmlFor={`scope-${s}`}>
                {scopeText(s)} <span className="muted small-text">({s})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <Field id="token-days" name="expiresInDays" label={t('admin.days')} hint={t('serviceTokens.daysHint')} required errors={submit.fieldErrors}>
          <input type="number" inputMode="numeric" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <button type="submit" className="button" disabled={submit.busy}>
          {t('admin.create')}
        </button>
      </form>
    </>
  );
}
