// The agents list's « Langue » cell: an administrator sets an agent's preferred language
// (PATCH /api/admin/agents/{id}), saved with its own button and announced in the row.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, languages, type Agent, type Language } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/use-submit.ts';

const NONE = '';

export function AgentLanguageCell({ agent }: { agent: Agent }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState<string>(agent.preferredLanguage ?? NONE);
  const submit = useSubmit();
  const name = `${agent.firstName} ${agent.lastName}`;
  return (
    <form
      className="inline-form compact"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async () => {
          const saved = await api.call(endpoints.org.updateAgent, {
            params: { id: agent.id },
            body: { preferredLanguage: value === NONE ? null : (value as Language) },
          });
          setValue(saved.preferredLanguage ?? NONE);
          return t('preferences.agentSaved', { name });
        });
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {t('preferences.agentLanguage', { name })}
      </label>
      <select id={id} value={value} onChange={(e) => setValue(e.target.value)}>
        <option value={NONE}>{t('preferences.notChosen')}</option>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`preferences.languages.${l}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button secondary" disabled={submit.busy} aria-label={t('preferences.saveFor', { name })}>
        {t('preferences.save')}
      </button>
      <FormStatus state={submit} />
    </form>
  );
}
