import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiFailure, api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { Message } from '../../components/Message.tsx';
import { CeremonyCancelled, loginWithKey, webauthnSupported } from './webauthn.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');

  if (session) return <Navigate to="/" replace />;

  const fail = (e: unknown) => {
    if (e instanceof ApiFailure && e.code === 'suspended') {
      navigate('/bloque', { state: { helpdesk: e.body.helpdesk ?? null } });
      return;
    }
    setError(e instanceof CeremonyCancelled ? t('login.cancelled') : e instanceof ApiFailure ? e.message : t('errors.generic'));
  };
  const succeed = async () => {
    await refresh();
    navigate('/');
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <Message kind="error">{error}</Message>
      {busy && <Message kind="info">{t('login.working')}</Message>}
      {webauthnSupported() ? (
        <button
          type="button"
          className="button primary large"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await loginWithKey();
              await succeed();
            } catch (e) {
              fail(e);
            } finally {
              setBusy(false);
            }
          }}
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
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              await api.post('/api/auth/password-totp/verify', { login, password, code });
              setPassword('');
              await succeed();
            } catch (err) {
              setCode('');
              fail(err);
            } finally {
              setBusy(false);
            }
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
          <button type="submit" className="button" disabled={busy}>
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
