import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';
import { CeremonyCancelled, registerKey } from './webauthn.ts';
import { TableWrap } from '../../lib/TableWrap.tsx';

export function MyKeysPage() {
  const { t, i18n } = useTranslation();
  const list = useEndpoint(endpoints.auth.listKeys, {});
  const keys = list.data?.keys ?? null;
  const submit = useSubmit();
  const [name, setName] = useState('');
  const { session } = useSession();
  const timeZone = session?.agent.tenant.timeZone;
  const date = (s: string | null) => (s ? formatDateTime(s, i18n.language, timeZone ? { style: 'short', timeZone } : { style: 'short' }) : t('keys.never'));

  const load = list.reload;

  return (
    <section>
      <h1 tabIndex={-1}>{t('keys.title')}</h1>
      <FormStatus state={{ ...submit, error: submit.error ?? list.error?.message ?? null }} busyText={t('enrol.working')} />
      {keys && keys.length === 0 && <p>{t('keys.none')}</p>}
      {keys && keys.length > 0 && (
        <TableWrap label={t('keys.title')}>
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
                        onClick={() => {
                          if (!window.confirm(t('keys.confirmRevoke', { name: k.name }))) return;
                          void submit.run(async () => {
                            await api.call(endpoints.auth.revokeKey, { params: { id: k.id }, body: {} });
                            load();
                            return t('keys.revokedDone', { name: k.name });
                          });
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
        </TableWrap>
      )}
      <h2>{t('keys.add')}</h2>
      <p>{t('keys.addIntro')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(
            async () => {
              const r = await registerKey({ name: name.trim() || undefined });
              setName('');
              load();
              return t('keys.added', { name: r.name });
            },
            { onFailure: (err) => (err instanceof CeremonyCancelled ? t('login.cancelled') : undefined) },
          );
        }}
      >
        <Field id="spare-name" name="name" label={t('enrol.keyName')} hint={t('enrol.keyNameHint')} errors={submit.fieldErrors}>
          <input maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" className="button" disabled={submit.busy}>
          {t('keys.add')}
        </button>
      </form>
    </section>
  );
}
