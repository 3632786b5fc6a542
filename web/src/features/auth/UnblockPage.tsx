import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';

export function UnblockPage() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [code, setCode] = useState('');
  const submit = useSubmit();
  const [done, setDone] = useState(false);
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('unblock.title')}</h1>
      {done ? (
        <>
          <Message kind="success">{t('unblock.done')}</Message>
          <p>
            <Link className="button primary" to="/connexion">
              {t('unblock.toLogin')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p>{t('unblock.intro')}</p>
          <FormStatus state={submit} />
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit.run(
                async () => {
                  await api.call(endpoints.auth.unblock, { body: { login, code } });
                  setDone(true);
                },
                { form: e.currentTarget },
              );
            }}
          >
            <Field id="unblock-login" name="login" label={t('login.login')} hint={t('login.loginHint')} required errors={submit.fieldErrors}>
              <input type="email" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
            </Field>
            <Field id="unblock-code" name="code" label={t('unblock.code')} hint={t('unblock.codeHint')} required errors={submit.fieldErrors}>
              <input
                autoComplete="one-time-code"
                autoCapitalize="characters"
                spellCheck={false}
                className="code-input"
                value={code}
                onChange={(e) => setCode(e.target.value.toUpperCase())}
              />
            </Field>
            <button type="submit" className="button primary" disabled={submit.busy}>
              {t('unblock.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
