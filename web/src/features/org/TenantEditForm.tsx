// The operator's edit form for a member organisation, one per row of the « Collectivités »
// tab (PATCH /api/admin/tenants/{id}): its name, kind, helpdesk number, time zone and the
// host names its login page answers to (one per line; lower case, no https:// nor port).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, frenchPhonePattern, limits, tenantKinds, type Tenant } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { api } from '../../lib/api.ts';
import { Field } from '../../lib/Field.tsx';
import { useSubmit } from '../../lib/use-submit.ts';

type Kind = Exclude<Tenant['kind'], 'operator'>;
const KINDS = tenantKinds.filter((k): k is Kind => k !== 'operator');

export function TenantEditForm({ tenant, onSaved }: { tenant: Tenant; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(tenant.name);
  const [kind, setKind] = useState<Tenant['kind']>(tenant.kind);
  const [phone, setPhone] = useState(tenant.helpdeskPhone ?? '');
  const [timeZone, setTimeZone] = useState(tenant.timeZone);
  const [hosts, setHosts] = useState(tenant.hostnames.join('\n'));
  const submit = useSubmit();
  const label = t('organisation.editTenant', { name: tenant.name });
  return (
    <details className="row-editor">
      <summary>{label}</summary>
      <form
        noValidate
        aria-label={label}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(
            async () => {
              const hostnames = hosts
                .split(/[\s,;]+/)
                .map((h) => h.trim())
                .filter(Boolean);
              const saved = await api.call(endpoints.org.updateTenant, {
                params: { id: tenant.id },
                body: { name, helpdeskPhone: phone.trim() || null, timeZone, hostnames, ...(kind === 'operator' ? {} : { kind }) },
              });
              onSaved();
              return t('organisation.saved', { name: saved.name });
            },
            { form: e.currentTarget },
          );
        }}
      >
        <FormStatus state={submit} />
        <Field id={`${id}-name`} name="name" label={t('organisation.name')} required errors={submit.fieldErrors}>
          <input maxLength={limits.nameMax} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        {kind !== 'operator' && (
          <Field id={`${id}-kind`} name="kind" label={t('organisation.kind')} errors={submit.fieldErrors}>
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.tenant.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={`${id}-phone`} name="helpdeskPhone" label={t('organisation.phone')} hint={t('organisation.phoneHint')} errors={submit.fieldErrors}>
          <input type="tel" maxLength={limits.phoneMax} pattern={frenchPhonePattern.source} data-format="01 23 45 67 89" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </Field>
        <Field id={`${id}-zone`} name="timeZone" label={t('organisation.timeZone')} hint={t('organisation.timeZoneHint')} required errors={submit.fieldErrors}>
          <input maxLength={64} spellCheck={false} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </Field>
        <Field id={`${id}-hosts`} name="hostnames" label={t('organisation.hostnames')} hint={t('organisation.hostnamesEditHint')} errors={submit.fieldErrors}>
          <textarea rows={3} spellCheck={false} value={hosts} onChange={(e) => setHosts(e.target.value)} />
        </Field>
        <button type="submit" className="button" disabled={submit.busy}>
          {t('organisation.save')}
        </button>
      </form>
    </details>
  );
}
