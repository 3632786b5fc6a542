// The tenant's security policy: helpdesk number, what three strikes do, password + TOTP
// for personal computers, passkeys, session lifetimes, identity checks before unblocking.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type TenantSecuritySettings } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus, Message } from '../../components/Message.tsx';

const CHECKS = ['callback', 'questions', 'manager'] as const;

export function SecuritySettingsTab() {
  const { t } = useTranslation();
  const loaded = useEndpoint(endpoints.org.readSecuritySettings, {});
  // The settings being edited: the loaded ones until the first change.
  const [edited, setS] = useState<TenantSecuritySettings | null>(null);
  const submit = useSubmit();
  const s = edited ?? loaded.data;
  if (!s) return <Message kind="error">{loaded.error?.message}</Message>;
  const auth = s.auth;
  const set = (patch: Partial<TenantSecuritySettings['auth']>) => setS({ ...s, auth: { ...auth, ...patch } });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          setS(await api.call(endpoints.org.updateSecuritySettings, { body: s }));
          return t('settings.saved');
        });
      }}
    >
      <FormStatus state={submit} />
      <div className="field">
        <label htmlFor="helpdesk-phone">{t('admin.helpdeskPhone')}</label>
        <input id="helpdesk-phone" type="tel" maxLength={32} value={s.helpdeskPhone ?? ''} onChange={(e) => setS({ ...s, helpdeskPhone: e.target.value || null })} />
      </div>
      <fieldset>
        <legend>{t('settings.strikes')}</legend>
        <div className="checkbox">
          <input id="mode-suspend" type="radio" name="mode" checked={auth.strikesMode === 'suspend'} onChange={() => set({ strikesMode: 'suspend' })} />
          <label htmlFor="mode-suspend">{t('settings.suspend')}</label>
        </div>
        <div className="checkbox">
          <input id="mode-lockout" type="radio" name="mode" checked={auth.strikesMode === 'lockout'} onChange={() => set({ strikesMode: 'lockout' })} />
          <label htmlFor="mode-lockout">{t('settings.lockout')}</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.methods')}</legend>
        <div className="checkbox">
          <input id="allow-pw" type="checkbox" checked={auth.allowPasswordTotp} onChange={(e) => set({ allowPasswordTotp: e.target.checked })} />
          <label htmlFor="allow-pw">{t('settings.passwordTotp')}</label>
        </div>
        <div className="checkbox">
          <input id="allow-platform" type="checkbox" checked={auth.allowPlatformAuthenticators} onChange={(e) => set({ allowPlatformAuthenticators: e.target.checked })} />
          <label htmlFor="allow-platform">{t('settings.platform')}</label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.checks')}</legend>
        {CHECKS.map((c) => (
          <div className="checkbox" key={c}>
            <input
              id={`required-${c}`}
              type="checkbox"
              checked={auth.identityChecks.includes(c)}
              onChange={(e) => set({ identityChecks: e.target.checked ? [...auth.identityChecks, c] : auth.identityChecks.filter((x) => x !== c) })}
            />
            <label htmlFor={`required-${c}`}>{t(`helpdesk.checks.${c}`)}</label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="idle">{t('settings.idle')}</label>
        <input id="idle" type="number" min={5} max={720} value={auth.sessionIdleMinutes} onChange={(e) => set({ sessionIdleMinutes: Number(e.target.value) })} />
      </div>
      <div className="field">
        <label htmlFor="absolute">{t('settings.absolute')}</label>
        <input id="absolute" type="number" min={1} max={24} value={auth.sessionAbsoluteHours} onChange={(e) => set({ sessionAbsoluteHours: Number(e.target.value) })} />
      </div>
      <button type="submit" className="button primary" disabled={submit.busy}>
        {t('settings.save')}
      </button>
    </form>
  );
}
