// The field's words and abbreviations the guide's search treats as one: one group per
// line, phrases separated by commas. Read-only for whoever may not edit this guide.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canEditGuide, endpoints, formatSynonymLines, limits, parseSynonymLines, type Actor, type GuideSynonyms } from '@estran/contracts';
import { api } from '../../../lib/api.ts';
import { useEndpoint } from '../../../lib/use-api-data.ts';
import { useSubmit } from '../../../lib/use-submit.ts';
import { FormStatus, Message } from '../../../components/Message.tsx';
import { formatDateTime } from '../../../lib/format.ts';

export function GuideSynonymsEditor({ actor, reloadKey }: { actor: Actor; reloadKey: number }) {
  const { t, i18n } = useTranslation();
  const list = useEndpoint(endpoints.guide.readSynonyms, {});
  // A package applied (reloadKey bumped): the guide may be new, load its list again.
  const { reload } = list;
  useEffect(() => {
    if (reloadKey > 0) reload();
  }, [reloadKey, reload]);
  // Kept here, above the form that a reload re-creates, so that it is announced.
  const [notice, setNotice] = useState('');
  return (
    <section aria-labelledby="guide-synonyms-title">
      <h2 id="guide-synonyms-title">{t('adminGuide.synonyms.title')}</h2>
      <p>{t('adminGuide.synonyms.intro')}</p>
      {list.loading && <p>{t('app.loading')}</p>}
      {list.error && <Message kind={list.error.status === 404 ? 'info' : 'error'}>{list.error.status === 404 ? t('adminGuide.synonyms.noGuide') : list.error.message}</Message>}
      <p role="status" className={notice ? 'message success' : undefined}>
        {notice}
      </p>
      {list.data && (
        // Keyed by what was loaded: a reload starts the form again from the saved list.
        <SynonymsForm
          key={`${list.data.guide}:${list.data.updatedAt ?? 'default'}`}
          data={list.data}
          editable={canEditGuide(actor, { shared: list.data.shared })}
          onSaved={(message) => {
            setNotice(message);
            list.reload();
          }}
          onEdit={() => setNotice('')}
          lang={i18n.language}
        />
      )}
    </section>
  );
}

function SynonymsForm(props: { data: GuideSynonyms; editable: boolean; onSaved: (message: string) => void; onEdit: () => void; lang: string }) {
  const { data, editable, onSaved, onEdit, lang } = props;
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => formatSynonymLines(data.groups));
  // The form's own checks (before sending); the server's, from its failure.
  const [found, setFound] = useState<string[]>([]);
  // Success is announced above (the form is re-created by the reload that follows).
  const submit = useSubmit();
  // ["body", "groups", 3, 1]: line 4 of the text, as typed (blank lines aside).
  const issues = Array.isArray(submit.failure?.body.issues) ? (submit.failure.body.issues as { path: (string | number)[]; message: string }[]) : [];
  const problems = found.length
    ? found
    : issues.map((i) => (typeof i.path[2] === 'number' ? t('adminGuide.synonyms.group', { n: i.path[2] + 1, message: i.message }) : i.message));

  const save = async () => {
    submit.clear();
    onEdit();
    const parsed = parseSynonymLines(text);
    const local = parsed.problems.map((p) => t('adminGuide.synonyms.line', { n: p.line, message: t('adminGuide.synonyms.tooFew') }));
    if (parsed.groups.length > limits.guideSynonymGroupsMax) local.push(t('adminGuide.synonyms.tooMany', { max: limits.guideSynonymGroupsMax }));
    setFound(local);
    if (local.length) return;
    await submit.run(async () => {
      const saved = await api.call(endpoints.guide.saveSynonyms, { body: { groups: parsed.groups } });
      onSaved(t('adminGuide.synonyms.saved', { count: saved.groups.length }));
    });
  };

  const reset = async () => {
    if (!window.confirm(t('adminGuide.synonyms.confirmReset'))) return;
    setFound([]);
    onEdit();
    await submit.run(async () => {
      await api.call(endpoints.guide.resetSynonyms);
      onSaved(t('adminGuide.synonyms.resetDone'));
    });
  };
  const busy = submit.busy;

  const count = parseSynonymLines(text).groups.length;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p>
        {data.isDefault ? t('adminGuide.synonyms.isDefault') : t('adminGuide.synonyms.isOwn', { date: data.updatedAt ? formatDateTime(data.updatedAt, lang) : '' })}
        {data.shared ? ` ${t('adminGuide.synonyms.shared')}` : ''}
      </p>
      {!editable && <Message kind="info">{data.shared ? t('adminGuide.synonyms.readOnlyShared') : t('adminGuide.synonyms.readOnly')}</Message>}
      <FormStatus state={submit} />
      {problems.length > 0 && (
        <div id={`${id}-problems`} className="message error" role="alert">
          <p>{t('adminGuide.synonyms.problems')}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('adminGuide.synonyms.label')}</label>
        <span id={`${id}-hint`} className="muted small-text">
          {t('adminGuide.synonyms.hint', { groups: limits.guideSynonymGroupsMax, phrases: limits.guideSynonymPhrasesMax, chars: limits.guideSynonymPhraseMax })}
        </span>
        <textarea
          id={`${id}-text`}
          rows={16}
          spellCheck={false}
          readOnly={!editable}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={`${id}-hint${problems.length ? ` ${id}-problems` : ''}`}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onEdit();
          }}
        />
        <span className="muted small-text">{t('adminGuide.synonyms.count', { count })}</span>
      </div>
      {editable && (
        <div className="button-row">
          <button type="submit" className="button primary" disabled={busy}>
            {t('adminGuide.synonyms.save')}
          </button>
          <button type="button" className="button secondary" disabled={busy || data.isDefault} onClick={() => void reset()}>
            {t('adminGuide.synonyms.reset')}
          </button>
        </div>
      )}
    </form>
  );
}
