import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
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
            onSubmit={(e) => {
              e.preventDefault();
              void submit.run(async () => {
                await api.call(endpoints.auth.unblock, { body: { login, code } });
                setDone(true);
              });
            }}
          >
            <div className="field">
              <label htmlFor="unblock-login">{t('login.login')}</label>
              <input id="unblock-login" type="email" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="unblock-code">{t('unblock.code')}</label>
              <input
                id="unblock-code"
                autoComplete="one-time-code"
                autoCapitalize="characters"
                spellCheck={false}
                required
                className="code-input"
                value={code}
                onChange={(e) => setCode(e.target.value.toUpperCase())}
              />
            </div>
            <button type="submit" className="button primary" disabled={submit.busy}>
              {t('unblock.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
