import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { endpoints } from '@estran/contracts';
import { ApiFailure, api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';
import { CeremonyCancelled, loginWithKey, webauthnSupported } from './webauthn.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const submit = useSubmit();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');

  if (session) return <Navigate to="/" replace />;

  // A blocked agent is taken to the page saying whom to call; a ceremony the key refused is worded here.
  const onFailure = (e: unknown) => {
    if (e instanceof ApiFailure && e.code === 'suspended') {
      navigate('/bloque', { state: { helpdesk: e.body.helpdesk ?? null } });
      return null;
    }
    return e instanceof CeremonyCancelled ? t('login.cancelled') : undefined;
  };
  const succeed = async () => {
    await refresh();
    navigate('/');
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <FormStatus state={submit} />
      {submit.busy && <Message kind="info">{t('login.working')}</Message>}
      {webauthnSupported() ? (
        <button
          type="button"
          className="button primary large"
          disabled={submit.busy}
          onClick={() =>
            void submit.run(async () => {
              await loginWithKey();
              await succeed();
            }, { onFailure })
          }
        >
          {t('login.submit')}
        </button>
      ) : (
        <Message kind="error">{t('login.unsupported')}</Message>
      )}

      <details className="personal-login">
        <summary>{t('login.personal')}</summary>
        <p>{t('login.personalIntro')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run(
              async () => {
                await api.call(endpoints.auth.passwordTotpLogin, { body: { login, password, code } });
                setPassword('');
                await succeed();
              },
              {
                onFailure: (err) => {
                  setCode('');
                  return onFailure(err);
                },
              },
            );
          }}
        >
          <div className="field">
            <label htmlFor="login">{t('login.login')}</label>
            <input id="login" type="email" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="code">{t('login.code')}</label>
            <input
              id="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          </div>
          <button type="submit" className="button" disabled={submit.busy}>
            {t('login.submitPersonal')}
          </button>
        </form>
      </details>
      <p>
        <Link to="/deblocage">{t('login.unblock')}</Link>
      </p>
    </section>
  );
}
