// The administration area's « Annuaire LDAP » tab: the tenant's LDAP / Active Directory
// settings (the bind password write-only: the field stays empty, "enregistré" says one is
// stored), « Synchroniser maintenant », and the runs with their reports — a stopped run
// (an empty result, more than 5 % of the agents to deactivate) waits for the
// confirmation button here.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { components, endpoints, ldapSchedules, ldapTlsModes, type LdapConfig, type LdapRun } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useEndpoint } from '../../lib/use-api-data.ts';
import { useSubmit } from '../../lib/use-submit.ts';

type Mapping = LdapConfig['mapping'];
const mappingFields = ['externalId', 'firstName', 'lastName', 'email', 'professionalPhone', 'mobilePhone', 'unit', 'component', 'groups'] as const;
const requiredMapping = new Set<string>(['externalId', 'firstName', 'lastName', 'email']);
const finished = (run: LdapRun) => run.status !== 'queued' && run.status !== 'running';

function SettingsForm({ config, onSaved }: { config: LdapConfig; onSaved: (c: LdapConfig) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const submit = useSubmit();
  const [url, setUrl] = useState(config.url);
  const [bindDn, setBindDn] = useState(config.bindDn);
  const [bindPassword, setBindPassword] = useState('');
  const [baseDn, setBaseDn] = useState(config.baseDn);
  const [filter, setFilter] = useState(config.filter);
  const [tls, setTls] = useState(config.tls);
  const [caCertificate, setCaCertificate] = useState(config.caCertificate ?? '');
  const [schedule, setSchedule] = useState(config.schedule);
  const [mapping, setMapping] = useState<Mapping>(config.mapping);
  const [managerGroups, setManagerGroups] = useState(
    config.mapping.groupRoles
      .filter((g) => g.role === 'manager')
      .map((g) => g.group)
      .join('\n'),
  );
  // The mapping's issues arrive as ["body", "mapping", <field>]: tied to their own inputs.
  const issues = (submit.failure?.body.issues ?? []) as { path?: unknown[]; message?: string }[];
  const mappingErrors: Record<string, string> = {};
  for (const issue of Array.isArray(issues) ? issues : []) {
    const [where, group, field] = Array.isArray(issue.path) ? issue.path : [];
    if (where === 'body' && group === 'mapping' && typeof field === 'string' && typeof issue.message === 'string') mappingErrors[field] ??= issue.message;
  }
  const errors = { ...submit.fieldErrors, ...mappingErrors };
  const setAttribute = (field: (typeof mappingFields)[number], value: string) => setMapping((m) => ({ ...m, [field]: value }));
  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        void submit.run(
          async () => {
            const optional = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);
            const saved = await api.call(endpoints.directory.ldap.updateConfig, {
              body: {
                url,
                bindDn,
                ...(bindPassword ? { bindPassword } : {}),
                baseDn,
                filter,
                tls,
                caCertificate: optional(caCertificate),
                schedule,
                mapping: {
                  externalId: mapping.externalId,
                  firstName: mapping.firstName,
                  lastName: mapping.lastName,
                  email: mapping.email,
                  professionalPhone: optional(mapping.professionalPhone),
                  mobilePhone: optional(mapping.mobilePhone),
                  unit: optional(mapping.unit),
                  component: optional(mapping.component),
                  defaultComponent: mapping.defaultComponent,
                  groups: optional(mapping.groups),
                  groupRoles: managerGroups
                    .split('\n')
                    .map((g) => g.trim())
                    .filter(Boolean)
                    .map((group) => ({ group, role: 'manager' as const })),
                },
              },
            });
            setBindPassword('');
            onSaved(saved);
            return t('ldap.saved');
          },
          { form },
        );
      }}
    >
      <h2 id={`${id}-title`}>{t('ldap.settings')}</h2>
      <fieldset>
        <legend>{t('ldap.server')}</legend>
        <Field id={`${id}-url`} name="url" label={t('ldap.url')} hint={t('ldap.urlHint')} required errors={submit.fieldErrors}>
          <input type="text" inputMode="url" autoComplete="off" spellCheck={false} maxLength={500} value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <Field id={`${id}-tls`} name="tls" label={t('ldap.tls')} hint={t('ldap.tlsHint')} errors={submit.fieldErrors}>
          <select value={tls} onChange={(e) => setTls(e.target.value as LdapConfig['tls'])}>
            {ldapTlsModes.map((m) => (
              <option key={m} value={m}>
                {t(`ldap.tlsModes.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-ca`} name="caCertificate" label={t('ldap.caCertificate')} hint={t('ldap.caHint')} errors={submit.fieldErrors}>
          <textarea rows={4} spellCheck={false} value={caCertificate} onChange={(e) => setCaCertificate(e.target.value)} />
        </Field>
        <Field id={`${id}-bind`} name="bindDn" label={t('ldap.bindDn')} hint={t('ldap.bindDnHint')} required errors={submit.fieldErrors}>
          <input type="text" autoComplete="off" spellCheck={false} maxLength={1000} value={bindDn} onChange={(e) => setBindDn(e.target.value)} />
        </Field>
        <Field
          id={`${id}-password`}
          name="bindPassword"
          label={t('ldap.bindPassword')}
          hint={config.bindPasswordSet ? t('ldap.passwordSet') : t('ldap.passwordUnset')}
          errors={submit.fieldErrors}
        >
          <input type="password" autoComplete="new-password" maxLength={500} value={bindPassword} onChange={(e) => setBindPassword(e.target.value)} />
        </Field>
        <Field id={`${id}-base`} name="baseDn" label={t('ldap.baseDn')} required errors={submit.fieldErrors}>
          <input type="text" autoComplete="off" spellCheck={false} maxLength={1000} value={baseDn} onChange={(e) => setBaseDn(e.target.value)} />
        </Field>
        <Field id={`${id}-filter`} name="filter" label={t('ldap.filter')} hint={t('ldap.filterHint')} required errors={submit.fieldErrors}>
          <input type="text" autoComplete="off" spellCheck={false} maxLength={2000} value={filter} onChange={(e) => setFilter(e.target.value)} />
        </Field>
        <Field id={`${id}-schedule`} name="schedule" label={t('ldap.schedule')} errors={submit.fieldErrors}>
          <select value={schedule} onChange={(e) => setSchedule(e.target.value as LdapConfig['schedule'])}>
            {ldapSchedules.map((s) => (
              <option key={s} value={s}>
                {t(`ldap.schedules.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('ldap.mapping')}</legend>
        <p className="hint">{t('ldap.mappingHint')}</p>
        {mappingFields.map((f) => (
          <Field key={f} id={`${id}-map-${f}`} name={f} label={t(`ldap.attributes.${f}`)} required={requiredMapping.has(f)} errors={errors}>
            <input type="text" autoComplete="off" spellCheck={false} maxLength={64} value={mapping[f] ?? ''} onChange={(e) => setAttribute(f, e.target.value)} />
          </Field>
        ))}
        <Field id={`${id}-component`} name="defaultComponent" label={t('ldap.defaultComponent')} errors={errors}>
          <select value={mapping.defaultComponent} onChange={(e) => setMapping((m) => ({ ...m, defaultComponent: e.target.value as Mapping['defaultComponent'] }))}>
            {components.map((c) => (
              <option key={c} value={c}>
                {t(`components.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-managers`} name="groupRoles" label={t('ldap.managerGroups')} hint={t('ldap.managerGroupsHint')} errors={errors}>
          <textarea rows={3} spellCheck={false} value={managerGroups} onChange={(e) => setManagerGroups(e.target.value)} />
        </Field>
      </fieldset>
      <button type="submit" className="button" disabled={submit.busy}>
        {t('ldap.save')}
      </button>
      <FormStatus state={submit} />
    </form>
  );
}

function RunReport({ run }: { run: LdapRun }) {
  const { t } = useTranslation();
  if (run.status === 'failed') return <p>{t('ldap.failed', { error: run.error ?? '' })}</p>;
  if (!finished(run)) return <p>{t(`ldap.statuses.${run.status}`)}</p>;
  return (
    <>
      <p>
        {[
          t('ldap.counts.created', { count: run.created }),
          t('ldap.counts.updated', { count: run.updated }),
          t('ldap.counts.unchanged', { count: run.unchanged }),
          t('ldap.counts.deactivated', { count: run.deactivated }),
        ].join(', ')}
      </p>
      {run.status === 'awaiting_confirmation' && (
        <p>{run.stopReason === 'empty_result' ? t('ldap.stoppedEmpty', { count: run.pendingDeactivations }) : t('ldap.stoppedThreshold', { count: run.pendingDeactivations })}</p>
      )}
      {run.refused.length > 0 && (
        <details>
          <summary>{t('ldap.refused', { count: run.refused.length })}</summary>
          <ul className="refusals">
            {run.refused.map((r, i) => (
              <li key={`${r.dn}-${i}`}>
                <code>{r.dn}</code> : {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function ConfirmButton({ run, onQueued }: { run: LdapRun; onQueued: (runId: string) => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  return (
    <>
      <button
        type="button"
        className="button danger"
        disabled={submit.busy}
        onClick={() => {
          if (!window.confirm(t('ldap.confirmQuestion', { count: run.pendingDeactivations }))) return;
          void submit.run(async () => {
            await api.call(endpoints.directory.ldap.confirmRun, { params: { runId: run.id }, body: {} });
            onQueued(run.id);
            return t('ldap.confirmed');
          });
        }}
      >
        {t('ldap.confirm', { count: run.pendingDeactivations })}
      </button>
      <FormStatus state={submit} />
    </>
  );
}

export function LdapTab() {
  const { t, i18n } = useTranslation();
  const { data: config, error } = useEndpoint(endpoints.directory.ldap.readConfig, {});
  const [saved, setSaved] = useState<LdapConfig | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [following, setFollowing] = useState<string | null>(null);
  const sync = useSubmit();
  const current = saved ?? config ?? null;
  const timer = useRef<number | null>(null);

  // A run queued from here is followed until it ends, then the list is reloaded.
  useEffect(() => {
    if (!following) return;
    let cancelled = false;
    const poll = async () => {
      try {
        const run = await api.call(endpoints.directory.ldap.readRun, { params: { runId: following } });
        if (cancelled) return;
        setReloadKey((k) => k + 1);
        if (finished(run)) {
          setFollowing(null);
          return;
        }
      } catch {
        if (cancelled) return;
      }
      timer.current = window.setTimeout(() => void poll(), 1500);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [following]);

  if (error) return <p role="alert">{error.message}</p>;
  if (!current) return <p>{t('ldap.loading')}</p>;
  return (
    <>
      <h2>{t('ldap.title')}</h2>
      <p>{t('ldap.intro')}</p>
      {/* Not keyed by the saved settings: the form and its outcome stay after a save. */}
      <SettingsForm config={current} onSaved={setSaved} />
      <h2>{t('ldap.runs')}</h2>
      <p>{t('ldap.safety')}</p>
      <button
        type="button"
        className="button"
        disabled={sync.busy || !current.configured || following !== null}
        onClick={() =>
          void sync.run(async () => {
            const { runId } = await api.call(endpoints.directory.ldap.sync, { body: {} });
            setFollowing(runId);
            return t('ldap.queued');
          })
        }
      >
        {t('ldap.syncNow')}
      </button>
      <FormStatus state={sync} />
      {following && (
        <p role="status">
          <progress aria-label={t('ldap.inProgress')} /> {t('ldap.inProgress')}
        </p>
      )}
      <PagedList
        endpoint={endpoints.directory.ldap.listRuns}
        label={t('ldap.runs')}
        searchable={false}
        reloadKey={reloadKey}
        columns={[
          { header: t('ldap.when'), cell: (r) => formatDateTime(r.queuedAt, i18n.language) },
          { header: t('ldap.trigger'), cell: (r) => t(`ldap.triggers.${r.trigger}`) },
          { header: t('ldap.status'), cell: (r) => t(`ldap.statuses.${r.status}`) },
          { header: t('ldap.report'), cell: (r) => <RunReport run={r} /> },
          {
            header: t('ldap.actions'),
            cell: (r) => (r.status === 'awaiting_confirmation' ? <ConfirmButton run={r} onQueued={setFollowing} /> : null),
          },
        ]}
      />
    </>
  );
}
