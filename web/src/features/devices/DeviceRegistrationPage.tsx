// Opened once on a laptop or thin client of the fleet (/device#<token>): the server keeps
// the device credential in an HttpOnly cookie; sessions opened here carry its trust level.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiFailure, api } from '../../lib/api.ts';
import { Message } from '../../components/Message.tsx';

export function DeviceRegistrationPage() {
  const { t } = useTranslation();
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(token ? null : t('enrol.noToken'));
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('device.title')}</h1>
      <p>{t('device.intro')}</p>
      <Message kind="error">{error}</Message>
      {done ? (
        <>
          <Message kind="success">{t('device.done', { name: done })}</Message>
          <p>
            <Link className="button primary" to="/connexion">
              {t('enrol.toLogin')}
            </Link>
          </p>
        </>
      ) : (
        token && (
          <button
            type="button"
            className="button primary"
            onClick={async () => {
              try {
                const d = await api.post<{ name: string }>('/api/devices/register', { token });
                history.replaceState(null, '', '/device');
                setDone(d.name);
              } catch (e) {
                setError(e instanceof ApiFailure ? e.message : t('errors.generic'));
              }
            }}
          >
            {t('device.register')}
          </button>
        )
      )}
    </section>
  );
}
