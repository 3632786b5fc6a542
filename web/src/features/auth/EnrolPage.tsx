// The enrolment link (/enrol#<token>): the token stays in the URL fragment, so it never
// reaches a server log or a Referer header. The invitation says what to set up: a
// security key (first administrator included), or a password and an authenticator app.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { endpoints, type EndpointResult } from '@estran/contracts';
import { ApiFailure, api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { FormError, useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';
import { CeremonyCancelled, registerKey } from './webauthn.ts';

type Info = EndpointResult<typeof endpoints.auth.enrolmentInfo>;

export function EnrolPage() {
  const { t, i18n } = useTranslation();
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(token ? null : t('enrol.noToken'));
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    api
      .call(endpoints.auth.enrolmentInfo, { body: { token } })
      .then(setInfo)
      .catch((e: unknown) => setError(e instanceof ApiFailure ? e.message : t('errors.generic')));
  }, [token, t]);

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{info?.purpose === 'password-totp' ? t('enrol.titlePw') : t('enrol.title')}</h1>
      <Message kind="error">{error}</Message>
      {!info && !error && <p role="status">{t('enrol.checking')}</p>}
      {done && (
        <>
          <Message kind="success">{done}</Message>
          <p>
            <Link className="button primary" to="/connexion">
              {t('enrol.toLogin')}
            </Link>
          </p>
        </>
      )}
      {info && !done && (
        <>
          <p>{t('enrol.forAgent', { name: info.displayName, login: info.login, date: formatDateTime(info.expiresAt, i18n.language) })}</p>
          {info.purpose === 'password-totp' ? (
            <PasswordTotpEnrolment token={token} onDone={(login) => setDone(t('enrol.pwDone', { login }))} />
          ) : (
            <KeyEnrolment token={token} firstAdmin={info.purpose === 'first-admin'} onDone={(name) => setDone(t('enrol.keyDone', { name }))} />
          )}
        </>
      )}
    </section>
  );
}

function KeyEnrolment({ token, firstAdmin, onDone }: { token: string; firstAdmin: boolean; onDone: (name: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const submit = useSubmit();
  return (
    <>
      {firstAdmin && <p>{t('enrol.firstAdmin')}</p>}
      <p>{t('enrol.keyIntro')}</p>
      <FormStatus state={submit} busyText={t('enrol.working')} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(
            async () => {
              const result = await registerKey({ enrolmentToken: token, name: name.trim() || undefined });
              history.replaceState(null, '', '/enrol');
              onDone(result.name);
            },
            { onFailure: (err) => (err instanceof CeremonyCancelled ? t('login.cancelled') : undefined) },
          );
        }}
      >
        <Field id="key-name" name="name" label={t('enrol.keyName')} hint={t('enrol.keyNameHint')} errors={submit.fieldErrors}>
          <input maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <button type="submit" className="button primary" disabled={submit.busy}>
          {t('enrol.registerKey')}
        </button>
      </form>
    </>
  );
}

function PasswordTotpEnrolment({ token, onDone }: { token: string; onDone: (login: string) => void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<EndpointResult<typeof endpoints.auth.totpEnrolOptions> | null>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [code, setCode] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const submit = useSubmit();

  useEffect(() => {
    api
      .call(endpoints.auth.totpEnrolOptions, { body: { enrolmentToken: token } })
      .then(setSetup)
      .catch((e: unknown) => setLoadError(e instanceof ApiFailure ? e.message : 'Erreur'));
  }, [token]);

  return (
    <>
      <p>{t('enrol.pwIntro')}</p>
      <Message kind="error">{loadError}</Message>
      <FormStatus state={submit} />
      {setup && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run(
              async () => {
                if (password !== confirm) throw new FormError(t('enrol.mismatch'), { field: 'confirm' });
                const r = await api.call(endpoints.auth.totpEnrol, { body: { enrolmentToken: token, password, totpSecret: setup.secret, code } });
                history.replaceState(null, '', '/enrol');
                onDone(r.login);
              },
              { form: e.currentTarget },
            );
          }}
        >
          <dl className="totp-setup">
            <dt>{t('enrol.secret')}</dt>
            <dd>
              <code className="secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </dd>
            <dt>{t('enrol.uri')}</dt>
            <dd>
              <a href={setup.otpauthUri}>{setup.otpauthUri.split('?')[0]}</a>
            </dd>
          </dl>
          <Field id="new-password" name="password" label={t('enrol.password')} hint={t('enrol.passwordHint')} required errors={submit.fieldErrors}>
            <input type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <Field id="confirm-password" name="confirm" label={t('enrol.confirm')} required errors={submit.fieldErrors}>
            <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          </Field>
          <Field id="first-code" name="code" label={t('enrol.code')} hint={t('login.codeHint')} required errors={submit.fieldErrors}>
            <input inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" data-format={t('enrol.codeFormat')} maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
          </Field>
          <button type="submit" className="button primary" disabled={submit.busy}>
            {t('enrol.submitPw')}
          </button>
        </form>
      )}
    </>
  );
}
