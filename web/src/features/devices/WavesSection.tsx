// The « Parc » tab's deployment waves: each wave with its due date and its progress (a
// <progress> and its text, « 212 / 400 équipés », plural by Intl rules through i18next),
// its agents with what they hold, and forms to create a wave and to change one (name,
// date, agents added, an agent removed).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Wave } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { formatDay } from '../../lib/format.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { AgentFilter, TextField, useAgentChoices } from './fleet-shared.tsx';

/**
 * Checkboxes of agents, narrowed by a filter the server applies (useAgentChoices); agents
 * chosen stay chosen when the filter hides them (the count says how many).
 */
function AgentPicker(props: { legend: string; chosen: ReadonlySet<string>; onChange: (next: Set<string>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [filter, setFilter] = useState('');
  const shown = useAgentChoices(filter);
  return (
    <fieldset className="agent-picker">
      <legend>{props.legend}</legend>
      <AgentFilter id={`${id}-filter`} value={filter} onChange={setFilter} />
      <p className="muted" role="status">
        {t('fleet.waves.chosen', { count: props.chosen.size })}
      </p>
      <ul className="plain" style={{ maxHeight: '14rem', overflowY: 'auto' }}>
        {shown.map((a) => (
          <li key={a.id} className="field checkbox">
            <input
              id={`${id}-${a.id}`}
              type="checkbox"
              checked={props.chosen.has(a.id)}
              onChange={(e) => {
                const next = new Set(props.chosen);
                if (e.target.checked) next.add(a.id);
                else next.delete(a.id);
                props.onChange(next);
              }}
            />
            <label htmlFor={`${id}-${a.id}`}>{a.name}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function WaveProgress({ wave }: { wave: Wave }) {
  const { t } = useTranslation();
  const id = useId();
  const text = t('fleet.waves.progress', { count: wave.equipped, equipped: wave.equipped, total: wave.agents });
  return (
    <div>
      <progress id={`${id}-bar`} max={Math.max(wave.agents, 1)} value={wave.equipped} aria-label={t('fleet.waves.progressLabel', { name: wave.name })} aria-describedby={`${id}-text`} style={{ width: '100%', maxWidth: '16rem' }} />
      <p id={`${id}-text`} className="wave-progress">
        {text}
      </p>
    </div>
  );
}

function WaveMembers({ wave, reloadKey, onChanged }: { wave: Wave; reloadKey: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const yesNo = (v: boolean) => (v ? t('fleet.waves.yes') : t('fleet.waves.no'));
  return (
    <>
      <FormStatus state={submit} />
      <PagedList
        endpoint={{ ...endpoints.devices.listWaveAgents, path: endpoints.devices.listWaveAgents.path.replace(':id', wave.id) }}
        label={t('fleet.waves.members', { name: wave.name })}
        reloadKey={reloadKey}
        columns={[
          { header: t('fleet.agent'), cell: (a) => a.name },
          { header: t('fleet.waves.computer'), cell: (a) => yesNo(a.laptop) },
          { header: t('fleet.waves.key'), cell: (a) => yesNo(a.key) },
          { header: t('fleet.waves.equipped'), cell: (a) => yesNo(a.equipped) },
          {
            header: t('fleet.actions'),
            cell: (a) => (
              <button
                type="button"
                className="button secondary"
                disabled={submit.busy}
                onClick={() =>
                  void submit.run(async () => {
                    await api.call(endpoints.devices.updateWave, { params: { id: wave.id }, body: { removeAgentIds: [a.id] } });
                    onChanged();
                    return t('fleet.waves.removed', { name: a.name });
                  })
                }
              >
                {t('fleet.waves.remove', { name: a.name })}
              </button>
            ),
          },
        ]}
      />
    </>
  );
}

function WaveEditor({ wave, reloadKey, onChanged }: { wave: Wave; reloadKey: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(wave.name);
  const [dueDate, setDueDate] = useState(wave.dueDate);
  const [adding, setAdding] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState(false);
  const submit = useSubmit();
  const title = t('fleet.waves.edit', { name: wave.name });
  return (
    <details className="row-editor" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title}</summary>
      <form
        noValidate
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const saved = await api.call(endpoints.devices.updateWave, { params: { id: wave.id }, body: { name, dueDate, ...(adding.size ? { addAgentIds: [...adding] } : {}) } });
            setAdding(new Set());
            onChanged();
            return t('fleet.waves.saved', { name: saved.name });
          }, { form: e.currentTarget });
        }}
      >
        <div className="inline-form">
          <TextField id={`${id}-name`} name="name" label={t('fleet.waves.name')} required maxLength={200} value={name} onChange={setName} errors={submit.fieldErrors} />
          <TextField id={`${id}-due`} name="dueDate" label={t('fleet.waves.dueDate')} type="date" required value={dueDate} onChange={setDueDate} hint={t('fleet.waves.dueDateHint')} errors={submit.fieldErrors} />
        </div>
        {open && <AgentPicker legend={t('fleet.waves.addAgents')} chosen={adding} onChange={setAdding} />}
        <button type="submit" className="button" disabled={submit.busy}>
          {t('fleet.save')}
        </button>
        <FormStatus state={submit} />
      </form>
      {open && <WaveMembers wave={wave} reloadKey={reloadKey} onChanged={onChanged} />}
    </details>
  );
}

export function WavesSection({ reloadKey, onChanged }: { reloadKey: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { data, reload } = useEndpoint(endpoints.devices.listWaves, { query: { pageSize: 100 } }, { keepPrevious: true });
  // The list follows every change of the tab (an assignment moves the progress).
  const first = useRef(reloadKey);
  useEffect(() => {
    if (reloadKey !== first.current) reload();
  }, [reloadKey, reload]);
  const [name, setName] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const submit = useSubmit();
  const waves = useMemo(() => data?.items ?? [], [data]);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('fleet.waves.title')}</h2>
      <p>{t('fleet.waves.intro')}</p>
      {data && waves.length === 0 && <p>{t('fleet.waves.empty')}</p>}
      {waves.length > 0 && (
        <ul className="plain waves">
          {waves.map((w) => (
            <li key={w.id}>
              <h3>{w.name}</h3>
              <p>{t('fleet.waves.due', { date: formatDay(w.dueDate, i18n.language) })}</p>
              <WaveProgress wave={w} />
              <WaveEditor key={w.id} wave={w} reloadKey={reloadKey} onChanged={onChanged} />
            </li>
          ))}
        </ul>
      )}
      <h3 id={`${id}-create`}>{t('fleet.waves.create')}</h3>
      <form
        noValidate
        aria-labelledby={`${id}-create`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            await api.call(endpoints.devices.createWave, { body: { name, dueDate, agentIds: [...chosen] } });
            const created = name;
            setName('');
            setDueDate('');
            setChosen(new Set());
            onChanged();
            return t('fleet.waves.created', { name: created });
          }, { form: e.currentTarget });
        }}
      >
        <div className="inline-form">
          <TextField id={`${id}-name`} name="name" label={t('fleet.waves.name')} required maxLength={200} value={name} onChange={setName} errors={submit.fieldErrors} />
          <TextField id={`${id}-due`} name="dueDate" label={t('fleet.waves.dueDate')} type="date" required value={dueDate} onChange={setDueDate} hint={t('fleet.waves.dueDateHint')} errors={submit.fieldErrors} />
        </div>
        <AgentPicker legend={t('fleet.waves.agents')} chosen={chosen} onChange={setChosen} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('fleet.waves.createButton')}
        </button>
      </form>
      <FormStatus state={submit} />
    </section>
  );
}
