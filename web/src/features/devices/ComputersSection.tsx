// The « Parc » tab's computers: laptops and thin clients of the inventory (registered
// devices included), a form to enter one, and per row its editor: name, serial, model,
// type, state (only the changes laptopStatusChange allows; a theft is the helpdesk's),
// « Attribuer » to an agent, a registration link, its assignment history.
import { useId, useState, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceKinds, endpoints, laptopStatuses, laptopStatusChange, type DeviceKind, type Laptop, type LaptopStatus } from '@estran/contracts';
import { CopyButton } from '../../lib/CopyButton.tsx';
import { Field } from '../../lib/Field.tsx';
import { FormStatus } from '../../components/Message.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { describeUserAgent, formatDate } from '../../lib/format.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { AssignForm, AssignmentHistory, Holder, TextField } from './fleet-shared.tsx';

/** The computer's type; Field (lib/Field.tsx) gives it its id, name and aria attributes. */
function KindSelect({ value, onChange, ...rest }: { value: DeviceKind; onChange: (v: DeviceKind) => void } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  const { t } = useTranslation();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as DeviceKind)}>
      {deviceKinds.map((k) => (
        <option key={k} value={k}>
          {t(`fleet.kinds.${k}`)}
        </option>
      ))}
    </select>
  );
}

function RegistrationLink({ laptop }: { laptop: Laptop }) {
  const { t } = useTranslation();
  const [link, setLink] = useState<string | null>(null);
  const submit = useSubmit();
  if (laptop.registeredAt || laptop.status === 'stolen' || laptop.status === 'retired') return null;
  return (
    <div>
      <button
        type="button"
        className="button secondary"
        disabled={submit.busy}
        onClick={() =>
          void submit.run(async () => {
            const r = await api.call(endpoints.devices.laptopRegistration, { params: { id: laptop.id }, body: {} });
            setLink(r.link);
          })
        }
      >
        {t('fleet.computers.link')}
      </button>
      <FormStatus state={submit} />
      {link && (
        <div className="message info" role="status">
          <p>{t('fleet.computers.linkReady')}</p>
          <p>
            <code className="wrap" data-testid="fleet-device-link">
              {link}
            </code>
          </p>
          <CopyButton value={link} />
        </div>
      )}
    </div>
  );
}

function ComputerEditor({ laptop, onChanged, reloadKey }: { laptop: Laptop; onChanged: () => void; reloadKey: number }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(laptop.name);
  const [serial, setSerial] = useState(laptop.serial ?? '');
  const [model, setModel] = useState(laptop.model ?? '');
  const [kind, setKind] = useState<DeviceKind>(laptop.kind);
  // The state chosen here, null: unchanged (the row's state may change meanwhile: assigned).
  const [statusChoice, setStatusChoice] = useState<LaptopStatus | null>(null);
  const status = statusChoice ?? laptop.status;
  const [open, setOpen] = useState(false);
  const submit = useSubmit();
  const final = laptop.status === 'stolen' || laptop.status === 'retired';
  const choices = laptopStatuses.filter((s) => s === laptop.status || laptopStatusChange(laptop.status, s) === null);
  const title = t('fleet.computers.edit', { name: laptop.name });
  return (
    <details className="row-editor" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title}</summary>
      {!final && (
        <form
          noValidate
          className="inline-form"
          aria-label={title}
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run(async () => {
              const saved = await api.call(endpoints.devices.updateLaptop, {
                params: { id: laptop.id },
                body: { name, ...(serial ? { serial } : {}), model: model || null, kind, ...(status !== laptop.status ? { status } : {}) },
              });
              setStatusChoice(null);
              onChanged();
              return t('fleet.computers.saved', { name: saved.name });
            }, { form: e.currentTarget });
          }}
        >
          <TextField id={`${id}-name`} name="name" label={t('fleet.label')} required maxLength={100} value={name} onChange={setName} errors={submit.fieldErrors} />
          <TextField id={`${id}-serial`} name="serial" label={t('fleet.serial')} required={laptop.serial !== null} maxLength={100} value={serial} onChange={setSerial} errors={submit.fieldErrors} />
          <TextField id={`${id}-model`} name="model" label={t('fleet.model')} maxLength={200} value={model} onChange={setModel} errors={submit.fieldErrors} />
          <Field id={`${id}-kind`} name="kind" label={t('fleet.kind')} errors={submit.fieldErrors}>
            <KindSelect value={kind} onChange={setKind} />
          </Field>
          <Field id={`${id}-status`} name="status" label={t('fleet.status')} hint={`${t('fleet.computers.stolenHint')} ${t('fleet.computers.retireHint')}`} errors={submit.fieldErrors}>
            <select value={status} onChange={(e) => setStatusChoice(e.target.value as LaptopStatus)}>
              {choices.map((s) => (
                <option key={s} value={s}>
                  {t(`fleet.laptopStatus.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button" disabled={submit.busy}>
            {t('fleet.save')}
          </button>
          <FormStatus state={submit} />
        </form>
      )}
      {open && (laptop.status === 'in-stock' || laptop.status === 'assigned') && (
        <AssignForm
          itemName={laptop.name}
          assign={async (body) => {
            const r = await api.call(endpoints.devices.assignLaptop, { params: { id: laptop.id }, body });
            onChanged();
            return t('fleet.computers.assigned', { name: r.name, agent: r.assignee?.name ?? '' });
          }}
        />
      )}
      <RegistrationLink laptop={laptop} />
      {open && <AssignmentHistory laptopId={laptop.id} reloadKey={reloadKey} />}
    </details>
  );
}

export function ComputersSection({ reloadKey, onChanged }: { reloadKey: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [serial, setSerial] = useState('');
  const [model, setModel] = useState('');
  const [kind, setKind] = useState<DeviceKind>('managed');
  const [name, setName] = useState('');
  const submit = useSubmit();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('fleet.computers.title')}</h2>
      <PagedList
        endpoint={endpoints.devices.listLaptops}
        label={t('fleet.computers.title')}
        reloadKey={reloadKey}
        columns={[
          { header: t('fleet.label'), cell: (l) => l.name },
          { header: t('fleet.serial'), cell: (l) => l.serial ?? t('fleet.none') },
          { header: t('fleet.model'), cell: (l) => l.model ?? t('fleet.none') },
          { header: t('fleet.kind'), cell: (l) => t(`fleet.kinds.${l.kind}`) },
          { header: t('fleet.status'), cell: (l) => t(`fleet.laptopStatus.${l.status}`) },
          { header: t('fleet.holder'), cell: (l) => <Holder assignee={l.assignee} assignedAt={l.assignedAt} /> },
          {
            header: t('fleet.computers.registration'),
            cell: (l) =>
              l.registeredAt
                ? t('fleet.computers.registeredOn', { date: formatDate(l.registeredAt, i18n.language), browser: describeUserAgent(l.registeredUserAgent, i18n.language) })
                : t('fleet.computers.notRegistered'),
          },
          { header: t('fleet.actions'), cell: (l) => <ComputerEditor key={l.id} laptop={l} onChanged={onChanged} reloadKey={reloadKey} /> },
        ]}
      />
      <h3 id={`${id}-create`}>{t('fleet.computers.create')}</h3>
      <form
        noValidate
        className="inline-form"
        aria-labelledby={`${id}-create`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            const created = await api.call(endpoints.devices.createLaptop, { body: { serial, kind, ...(model ? { model } : {}), ...(name ? { name } : {}) } });
            setSerial('');
            setModel('');
            setName('');
            onChanged();
            return t('fleet.computers.created', { name: created.name });
          }, { form: e.currentTarget });
        }}
      >
        <TextField id={`${id}-serial`} name="serial" label={t('fleet.serial')} required maxLength={100} value={serial} onChange={setSerial} errors={submit.fieldErrors} />
        <TextField id={`${id}-model`} name="model" label={t('fleet.model')} maxLength={200} value={model} onChange={setModel} errors={submit.fieldErrors} />
        <Field id={`${id}-kind`} name="kind" label={t('fleet.kind')} errors={submit.fieldErrors}>
          <KindSelect value={kind} onChange={setKind} />
        </Field>
        <TextField id={`${id}-name`} name="name" label={t('fleet.label')} maxLength={100} value={name} onChange={setName} hint={t('fleet.labelHint')} errors={submit.fieldErrors} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('fleet.computers.createButton')}
        </button>
      </form>
      <FormStatus state={submit} />
    </section>
  );
}
