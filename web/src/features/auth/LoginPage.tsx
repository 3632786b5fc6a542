import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { endpoints } from '@estran/contracts';
import { ApiFailure, api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { safeReturnPath } from '../../lib/return-path.ts';
import { useSession } from '../../lib/session.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';
import { CeremonyCancelled, loginWithKey, webauthnSupported } from './webauthn.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const submit = useSubmit();
  // The organisation this address belongs to (the operator's otherwise): its logo above the form (issue 17).
  const branding = useEndpoint(endpoints.org.branding, {}).data;
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // Back to the page the agent was on when the session ended (a path of this site only).
  const [params] = useSearchParams();
  const back = safeReturnPath(params.get('retour')) ?? '/';

  if (session) return <Navigate to={back} replace />;

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
    navigate(back, { replace: true });
  };

  return (
    <section className="narrow">
      {branding?.logoUrl && <img className="login-logo" src={branding.logoUrl} alt={branding.name} />}
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {back !== '/' && <Message kind="info">{t('login.returnTo')}</Message>}
      <FormStatus state={submit} busyText={t('login.working')} />
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
          noValidate
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
                form: e.currentTarget,
              },
            );
          }}
        >
          <Field id="login" name="login" label={t('login.login')} hint={t('login.loginHint')} required errors={submit.fieldErrors}>
            <input type="email" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
          </Field>
          <Field id="password" name="password" label={t('login.password')} required errors={submit.fieldErrors}>
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <Field id="code" name="code" label={t('login.code')} hint={t('login.codeHint')} required errors={submit.fieldErrors}>
            <input
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              data-format={t('login.codeFormat')}
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          </Field>
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
