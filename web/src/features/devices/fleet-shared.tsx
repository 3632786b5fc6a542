// Pieces the « Parc » tab's sections share: the agents to choose from, an agent select,
// the assignment form, an item's assignment history.
import { useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type AssignBody } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { formatDate } from '../../lib/format.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { Field } from '../../lib/Field.tsx';
import { useSubmit, type FieldErrors } from '../../lib/use-submit.ts';

export type AgentChoice = { id: string; name: string };

/**
 * The tenant's active agents whose name or e-mail holds `q` (all when empty), the first
 * 100 by name: a département has thousands, so each chooser filters on the server.
 */
export function useAgentChoices(q: string): AgentChoice[] {
  const deferred = useDeferredValue(q.trim());
  const { data } = useEndpoint(endpoints.org.listAgents, { query: { pageSize: 100, ...(deferred ? { q: deferred } : {}) } }, { keepPrevious: true });
  return (data?.items ?? []).filter((a) => a.status !== 'disabled').map((a) => ({ id: a.id, name: a.displayName }));
}

/** The filter of an agent chooser: a search box whose text narrows the agents offered. */
export function AgentFilter({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('fleet.agentsFilter')}</label>
      <input id={id} type="search" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** « Attribuer » to an agent: the form of a computer's or a key's row. */
export function AssignForm(props: { itemName: string; assign: (body: AssignBody) => Promise<string> }) {
  const { t } = useTranslation();
  const id = useId();
  const [agentId, setAgentId] = useState('');
  const [filter, setFilter] = useState('');
  const agents = useAgentChoices(filter);
  const submit = useSubmit();
  return (
    <form
      noValidate
      className="inline-form"
      aria-label={`${t('fleet.assign')} ${props.itemName}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(() => props.assign({ agentId }), { form: e.currentTarget });
      }}
    >
      <AgentFilter id={`${id}-filter`} value={filter} onChange={setFilter} />
      <Field id={`${id}-agent`} name="agentId" label={t('fleet.agent')} required errors={submit.fieldErrors}>
        <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
          <option value="">{t('fleet.chooseAgent')}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button" disabled={submit.busy}>
        {t('fleet.assign')}
      </button>
      <FormStatus state={submit} />
    </form>
  );
}

/** Who held the item, from when to when (loaded with its row's editor). */
export function AssignmentHistory(props: { laptopId?: string; keyId?: string; reloadKey: number }) {
  const { t, i18n } = useTranslation();
  const query = props.laptopId ? { laptopId: props.laptopId } : { keyId: props.keyId };
  const { data, reload } = useEndpoint(endpoints.devices.listAssignments, { query }, { keepPrevious: true });
  const first = useRef(props.reloadKey);
  useEffect(() => {
    if (props.reloadKey !== first.current) reload();
  }, [props.reloadKey, reload]);
  if (!data) return null;
  return (
    <>
      <h4>{t('fleet.history')}</h4>
      {data.items.length === 0 ? (
        <p>{t('fleet.historyEmpty')}</p>
      ) : (
        <ul>
          {data.items.map((h) => (
            <li key={h.id}>
              {h.to
                ? t('fleet.historyItem', { name: h.agent.name, from: formatDate(h.from, i18n.language), to: formatDate(h.to, i18n.language) })
                : t('fleet.historyOpen', { name: h.agent.name, from: formatDate(h.from, i18n.language) })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A holder and since when, or a dash. */
export function Holder({ assignee, assignedAt }: { assignee: { name: string } | null; assignedAt: string | null }) {
  const { t, i18n } = useTranslation();
  if (!assignee) return <>{t('fleet.none')}</>;
  return (
    <>
      {assignee.name}
      {assignedAt && (
        <>
          <br />
          <span className="muted">{t('fleet.since', { date: formatDate(assignedAt, i18n.language) })}</span>
        </>
      )}
    </>
  );
}

/**
 * A text input of the fleet's forms, through lib/Field.tsx: its label, « obligatoire »
 * when required, its hint, and its error (useSubmit's fieldErrors, by name) tied to it.
 */
export function TextField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  required?: boolean;
  maxLength?: number;
  pattern?: string;
  /** The format a pattern expects, in words (lib/form-checks.ts names it in the error). */
  format?: string;
  type?: 'text' | 'date';
  hint?: string;
}) {
  return (
    <Field id={props.id} name={props.name} label={props.label} hint={props.hint} required={props.required} errors={props.errors}>
      <input type={props.type ?? 'text'} maxLength={props.maxLength} pattern={props.pattern} data-format={props.format} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
    </Field>
  );
}
