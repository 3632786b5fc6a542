// « Mon compte › Mes préférences »: the agent chooses the interface language Estran uses
// after every login (PUT /api/org/me/preferences), or leaves it to this browser.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, languages, type Language } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { api } from '../../lib/api.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';

const BROWSER = '';

export function MyPreferencesPage() {
  const { t, i18n } = useTranslation();
  const { data, error } = useEndpoint(endpoints.org.readMyPreferences, {});
  const [choice, setChoice] = useState<string | null>(null);
  const submit = useSubmit();
  const current = choice ?? data?.preferredLanguage ?? BROWSER;
  return (
    <section>
      <h1 tabIndex={-1}>{t('preferences.title')}</h1>
      {error && <p role="alert">{error.message}</p>}
      {data && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run(async () => {
              const preferredLanguage = current === BROWSER ? null : (current as Language);
              const saved = await api.call(endpoints.org.updateMyPreferences, { body: { preferredLanguage } });
              if (saved.preferredLanguage && saved.preferredLanguage !== i18n.language) await i18n.changeLanguage(saved.preferredLanguage);
              return i18n.t('preferences.saved');
            });
          }}
        >
          <div className="field">
            <label htmlFor="preferred-language">{t('preferences.language')}</label>
            <select id="preferred-language" value={current} onChange={(e) => setChoice(e.target.value)} aria-describedby="preferred-language-hint">
              <option value={BROWSER}>{t('preferences.browser')}</option>
              {languages.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(`preferences.languages.${l}`)}
                </option>
              ))}
            </select>
            <p id="preferred-language-hint" className="muted">
              {t('preferences.hint')}
            </p>
          </div>
          <FormStatus state={submit} />
          <button type="submit" className="button" disabled={submit.busy}>
            {t('preferences.save')}
          </button>
        </form>
      )}
    </section>
  );
}
