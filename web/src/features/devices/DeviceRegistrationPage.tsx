// Opened once on a laptop or thin client of the fleet (/device#<token>): the server keeps
// the device credential in an HttpOnly cookie; sessions opened here carry its trust level.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { Message } from '../../components/Message.tsx';

export function DeviceRegistrationPage() {
  const { t } = useTranslation();
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit();
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('device.title')}</h1>
      <p>{t('device.intro')}</p>
      <Message kind="error">{token ? submit.error : t('enrol.noToken')}</Message>
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
            disabled={submit.busy}
            onClick={() =>
              void submit.run(async () => {
                const d = await api.call(endpoints.devices.register, { body: { token } });
                history.replaceState(null, '', '/device');
                setDone(d.name);
              })
            }
          >
            {t('device.register')}
          </button>
        )
      )}
    </section>
  );
}
