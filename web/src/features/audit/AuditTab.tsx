// The audit viewer: a filters form (agent, actor, action, object, period), the trail
// newest first (a paged list), the chain's verification status and the CSV export of the
// same filters (a plain link: the browser downloads the attachment with the session cookie).
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, endpointUrl, type AuditFilters } from '@estran/contracts';
import { PagedList, type ListItem } from '../../components/PagedList.tsx';
import { Message } from '../../components/Message.tsx';
import { useEndpoint } from '../../lib/use-api-data.ts';

type Event = ListItem<typeof endpoints.audit.list>;
type Filters = { [K in keyof AuditFilters]-?: string };

const EMPTY: Filters = { agentId: '', actorId: '', action: '', targetType: '', targetId: '', from: '', to: '' };
const FIELDS = ['agentId', 'actorId', 'action', 'targetType', 'targetId'] as const;

/** Only the filters given, trimmed (empty ones are left out of the URL). */
function given(filters: Filters): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v.trim() || undefined]));
}

export function AuditTab() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const chain = useEndpoint(endpoints.audit.verification, {});
  // The tenant's time zone (the server's period filter reads days in it too).
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' });
  const filters = given(applied);

  const actor = (e: Event) => {
    if (e.actorName) return e.actorName;
    if (e.actorType === 'agent' && e.actorId) return t('audit.unknownAgent', { id: e.actorId });
    return t(`audit.actors.${e.actorType}`);
  };

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setApplied(draft);
  };

  return (
    <div className="audit">
      <p>{t('audit.intro')}</p>
      <section aria-labelledby={`${id}-chain`}>
        <h2 id={`${id}-chain`}>{t('audit.chain')}</h2>
        <div role="status">
          {chain.loading && <p>{t('audit.checking')}</p>}
          {chain.data?.ok && <p>{t('audit.chainOk', { count: chain.data.checked })}</p>}
          {chain.data && !chain.data.ok && chain.data.firstBroken && (
            <Message kind="error">{t('audit.chainBroken', { seq: chain.data.firstBroken.seq, reason: chain.data.firstBroken.reason })}</Message>
          )}
        </div>
        <Message kind="error">{chain.error?.message}</Message>
        <button type="button" className="button secondary" onClick={chain.reload}>
          {t('audit.verify')}
        </button>
      </section>

      <form aria-labelledby={`${id}-filters`} onSubmit={submit}>
        <h2 id={`${id}-filters`}>{t('audit.filters')}</h2>
        {FIELDS.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`${id}-${f}`}>{t(`audit.${f}`)}</label>
            <input id={`${id}-${f}`} type="text" maxLength={200} value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} />
          </div>
        ))}
        {(['from', 'to'] as const).map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`${id}-${f}`}>{t(`audit.${f}`)}</label>
            <span id={`${id}-${f}-hint`} className="muted">
              {t('audit.dateHint')}
            </span>
            <input id={`${id}-${f}`} type="date" lang={i18n.language} aria-describedby={`${id}-${f}-hint`} value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} />
          </div>
        ))}
        <button type="submit" className="button">
          {t('audit.apply')}
        </button>{' '}
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setDraft(EMPTY);
            setApplied(EMPTY);
          }}
        >
          {t('audit.reset')}
        </button>
      </form>

      <p>
        <a className="button secondary" href={endpointUrl(endpoints.audit.export, undefined, filters)} download>
          {t('audit.export')}
        </a>{' '}
        <span className="muted">{t('audit.exportHint')}</span>
      </p>

      <PagedList
        endpoint={endpoints.audit.list}
        label={t('audit.list')}
        searchable={false}
        filters={filters}
        columns={[
          { header: t('audit.when'), cell: (e) => when.format(new Date(e.at)) },
          { header: t('audit.actor'), cell: actor },
          { header: t('audit.what'), cell: (e) => <code>{e.action}</code> },
          { header: t('audit.object'), cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '') },
          { header: t('audit.details'), cell: (e) => (Object.keys(e.data).length ? <code className="audit-data">{JSON.stringify(e.data)}</code> : '') },
        ]}
      />
    </div>
  );
}
