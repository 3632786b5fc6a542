import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiFailure, api } from '../../lib/api.ts';
import { Message } from '../../components/Message.tsx';

export function UnblockPage() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
          <Message kind="error">{error}</Message>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              setBusy(true);
              setError(null);
              try {
                await api.post('/api/auth/unblock', { login, code });
                setDone(true);
              } catch (err) {
                setError(err instanceof ApiFailure ? err.message : t('errors.generic'));
              } finally {
                setBusy(false);
              }
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
            <button type="submit" className="button primary" disabled={busy}>
              {t('unblock.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
