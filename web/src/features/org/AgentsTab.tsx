// The administration area's « Agents » tab: the tenant's agents with their standing, a
// form to create one (POST /api/admin/agents), and per row a form to change them (names,
// e-mails, phones, component, unit, site, roles, external id: PATCH /api/admin/agents/{id}),
// the preferred language (AgentLanguageCell), and deactivate / reactivate with a
// confirmation. The server refuses one's own roles and the last administrator; its French
// message shows in the row.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { components, endpoints, roles as allRoles, type Agent, type Component, type Role } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { AgentLanguageCell } from './AgentLanguageCell.tsx';

const NONE = '';

type Choice = { id: string; label: string };

/** The tenant's units and sites for the selects (the first page of 100 of each). */
function usePlacements() {
  const units = useEndpoint(endpoints.org.listUnits, { query: { pageSize: 100 } }, { keepPrevious: true });
  const sites = useEndpoint(endpoints.org.listSites, { query: { pageSize: 100 } }, { keepPrevious: true });
  return {
    units: (units.data?.items ?? []).map((u): Choice => ({ id: u.id, label: u.path })),
    sites: (sites.data?.items ?? []).map((s): Choice => ({ id: s.id, label: `${s.name} (${s.city})` })),
  };
}

/** What the create and edit forms hold: every field as text, null-able ones as ''. */
type Draft = {
  email: string;
  firstName: string;
  lastName: string;
  personalEmail: string;
  professionalPhone: string;
  mobilePhone: string;
  component: Component;
  unitId: string;
  siteId: string;
  roles: Role[];
  externalId: string;
  nomadic: boolean;
};

const emptyDraft: Draft = {
  email: '',
  firstName: '',
  lastName: '',
  personalEmail: '',
  professionalPhone: '',
  mobilePhone: '',
  component: 'general_social_work',
  unitId: NONE,
  siteId: NONE,
  roles: ['agent'],
  externalId: '',
  nomadic: false,
};

const draftOf = (a: Agent): Draft => ({
  email: a.email,
  firstName: a.firstName,
  lastName: a.lastName,
  personalEmail: a.personalEmail ?? '',
  professionalPhone: a.professionalPhone ?? '',
  mobilePhone: a.mobilePhone ?? '',
  component: a.component,
  unitId: a.unitId ?? NONE,
  siteId: a.siteId ?? NONE,
  roles: [...a.roles],
  externalId: a.externalId ?? '',
  nomadic: a.nomadic,
});

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The fields of both forms; `id` prefixes the inputs' ids. */
function AgentFields(props: { id: string; draft: Draft; onChange: (d: Draft) => void; units: Choice[]; sites: Choice[] }) {
  const { t } = useTranslation();
  const { id, draft: d } = props;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => props.onChange({ ...d, [key]: value });
  const text = (key: 'email' | 'firstName' | 'lastName' | 'personalEmail' | 'professionalPhone' | 'mobilePhone' | 'externalId', label: string, extra: { required?: boolean; type?: string; maxLength: number }) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={extra.type ?? 'text'}
        required={extra.required}
        maxLength={extra.maxLength}
        value={d[key]}
        onChange={(e) => set(key, e.target.value)}
      />
    </div>
  );
  const select = (key: 'unitId' | 'siteId', label: string, choices: Choice[]): ReactNode => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={d[key]} onChange={(e) => set(key, e.target.value)}>
        <option value={NONE}>{t('agents.none')}</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      {text('lastName', t('agents.lastName'), { required: true, maxLength: 200 })}
      {text('firstName', t('agents.firstName'), { required: true, maxLength: 200 })}
      {text('email', t('agents.email'), { required: true, type: 'email', maxLength: 254 })}
      {text('personalEmail', t('agents.personalEmail'), { type: 'email', maxLength: 254 })}
      {text('professionalPhone', t('agents.professionalPhone'), { type: 'tel', maxLength: 32 })}
      {text('mobilePhone', t('agents.mobilePhone'), { type: 'tel', maxLength: 32 })}
      <div className="field">
        <label htmlFor={`${id}-component`}>{t('admin.component')}</label>
        <select id={`${id}-component`} value={d.component} onChange={(e) => set('component', e.target.value as Component)}>
          {components.map((c) => (
            <option key={c} value={c}>
              {t(`components.${c}`)}
            </option>
          ))}
        </select>
      </div>
      {select('unitId', t('admin.unit'), props.units)}
      {select('siteId', t('agents.site'), props.sites)}
      {text('externalId', t('agents.externalId'), { maxLength: 200 })}
      <div className="field checkbox">
        <input id={`${id}-nomadic`} type="checkbox" checked={d.nomadic} onChange={(e) => set('nomadic', e.target.checked)} />
        <label htmlFor={`${id}-nomadic`}>{t('agents.nomadic')}</label>
      </div>
      <fieldset className="field">
        <legend>{t('admin.roles')}</legend>
        {allRoles.map((r) => (
          <div key={r} className="checkbox">
            <input
              id={`${id}-role-${r}`}
              type="checkbox"
              checked={d.roles.includes(r)}
              onChange={(e) => set('roles', e.target.checked ? [...d.roles, r] : d.roles.filter((x) => x !== r))}
            />
            <label htmlFor={`${id}-role-${r}`}>{t(`roles.${r}`)}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}

function AgentEditForm({ agent, units, sites, onSaved }: { agent: Agent; units: Choice[]; sites: Choice[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(agent));
  const submit = useSubmit();
  const name = `${agent.firstName} ${agent.lastName}`;
  return (
    <details className="row-editor">
      <summary>{t('agents.edit', { name })}</summary>
      <form
        aria-label={t('agents.edit', { name })}
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const saved = await api.call(endpoints.org.updateAgent, {
              params: { id: agent.id },
              body: {
                email: draft.email.trim(),
                firstName: draft.firstName,
                lastName: draft.lastName,
                personalEmail: orNull(draft.personalEmail),
                professionalPhone: orNull(draft.professionalPhone),
                mobilePhone: orNull(draft.mobilePhone),
                component: draft.component,
                unitId: draft.unitId === NONE ? null : draft.unitId,
                siteId: draft.siteId === NONE ? null : draft.siteId,
                roles: draft.roles,
                externalId: orNull(draft.externalId),
                nomadic: draft.nomadic,
              },
            });
            onSaved();
            return t('agents.saved', { name: `${saved.firstName} ${saved.lastName}` });
          });
        }}
      >
        <AgentFields id={id} draft={draft} onChange={setDraft} units={units} sites={sites} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('agents.save')}
        </button>
        <FormStatus state={submit} />
      </form>
    </details>
  );
}

/** Deactivate (a leaver) or reactivate, each after a confirmation. */
function AgentStatusAction({ agent, onDone }: { agent: Agent; onDone: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmit();
  const name = `${agent.firstName} ${agent.lastName}`;
  const deactivate = agent.status !== 'disabled';
  const act = () =>
    void submit.run(async () => {
      if (deactivate) await api.call(endpoints.org.deactivateAgent, { params: { id: agent.id }, body: {} });
      else await api.call(endpoints.org.reactivateAgent, { params: { id: agent.id }, body: {} });
      setConfirming(false);
      onDone();
      return t(deactivate ? 'agents.deactivated' : 'agents.reactivated', { name });
    });
  return (
    <div className="inline-form compact">
      {confirming ? (
        <>
          <p>{t(deactivate ? 'agents.confirmDeactivate' : 'agents.confirmReactivate', { name })}</p>
          <button type="button" className="button danger" disabled={submit.busy} onClick={act}>
            {t(deactivate ? 'agents.confirmDeactivateButton' : 'agents.confirmReactivateButton', { name })}
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
            {t('agents.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="button secondary" onClick={() => setConfirming(true)}>
          {t(deactivate ? 'agents.deactivate' : 'agents.reactivate', { name })}
        </button>
      )}
      <FormStatus state={submit} />
    </div>
  );
}

export function AgentsTab() {
  const { t } = useTranslation();
  const id = useId();
  const [reload, setReload] = useState(0);
  const { units, sites } = usePlacements();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const submit = useSubmit();
  const changed = () => setReload((r) => r + 1);
  return (
    <>
      <PagedList
        endpoint={endpoints.org.listAgents}
        label={t('admin.agents')}
        reloadKey={reload}
        columns={[
          { header: t('admin.name'), cell: (a) => `${a.lastName} ${a.firstName}` },
          { header: t('admin.email'), cell: (a) => a.email },
          { header: t('admin.component'), cell: (a) => t(`components.${a.component}`) },
          { header: t('admin.unit'), cell: (a) => a.unitName ?? '—' },
          { header: t('admin.mobility'), cell: (a) => (a.nomadic ? t('admin.nomadic') : t('admin.sedentary')) },
          { header: t('admin.roles'), cell: (a) => a.roles.map((r) => t(`roles.${r}`)).join(', ') },
          { header: t('agents.status'), cell: (a) => t(`agents.statuses.${a.status}`) },
          { header: t('preferences.languageColumn'), cell: (a) => <AgentLanguageCell key={`${a.id}:${a.preferredLanguage ?? ''}`} agent={a} /> },
          {
            header: t('agents.actions'),
            cell: (a) => (
              <>
                <AgentEditForm key={a.id} agent={a} units={units} sites={sites} onSaved={changed} />
                <AgentStatusAction key={a.id} agent={a} onDone={changed} />
              </>
            ),
          },
        ]}
      />
      <h2 id={`${id}-create`}>{t('agents.create')}</h2>
      <p>{t('agents.createHint')}</p>
      <form
        aria-labelledby={`${id}-create`}
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            await api.call(endpoints.org.createAgent, {
              body: {
                email: draft.email.trim(),
                firstName: draft.firstName,
                lastName: draft.lastName,
                component: draft.component,
                roles: draft.roles,
                nomadic: draft.nomadic,
                ...(draft.unitId === NONE ? {} : { unitId: draft.unitId }),
                ...(draft.siteId === NONE ? {} : { siteId: draft.siteId }),
                ...(orNull(draft.personalEmail) ? { personalEmail: orNull(draft.personalEmail) } : {}),
                ...(orNull(draft.professionalPhone) ? { professionalPhone: orNull(draft.professionalPhone) } : {}),
                ...(orNull(draft.mobilePhone) ? { mobilePhone: orNull(draft.mobilePhone) } : {}),
                ...(orNull(draft.externalId) ? { externalId: orNull(draft.externalId) } : {}),
              },
            });
            const name = `${draft.firstName} ${draft.lastName}`;
            setDraft(emptyDraft);
            changed();
            return t('agents.created', { name });
          });
        }}
      >
        <AgentFields id={id} draft={draft} onChange={setDraft} units={units} sites={sites} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('agents.createButton')}
        </button>
      </form>
      <FormStatus state={submit} />
    </>
  );
}
