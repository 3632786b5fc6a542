// The « Parc » tab's security keys: the keys of the inventory (serial number, AAGUID,
// model, state, holder), a form to enter one, and per row its editor: identifiers, model,
// state, « Attribuer » to an agent, its assignment history.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, fleetKeyStatuses, fleetKeyStatusChange, type FleetKey, type FleetKeyStatus } from '@estran/contracts';
import { FormStatus } from '../../components/Message.tsx';
import { Field } from '../../lib/Field.tsx';
import { PagedList } from '../../components/PagedList.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useSubmit } from '../../lib/use-submit.ts';
import { AssignForm, AssignmentHistory, Holder, TextField } from './fleet-shared.tsx';

const AAGUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A key as people name it: its serial number, else its model, else its AAGUID. */
const keyName = (k: FleetKey) => k.serial ?? k.model ?? k.aaguid ?? k.id;

function KeyEditor({ fleetKey, onChanged, reloadKey }: { fleetKey: FleetKey; onChanged: () => void; reloadKey: number }) {
  const { t } = useTranslation();
  const id = useId();
  const [serial, setSerial] = useState(fleetKey.serial ?? '');
  const [aaguid, setAaguid] = useState(fleetKey.aaguid ?? '');
  const [model, setModel] = useState(fleetKey.model ?? '');
  const [statusChoice, setStatusChoice] = useState<FleetKeyStatus | null>(null);
  const [open, setOpen] = useState(false);
  const status = statusChoice ?? fleetKey.status;
  const submit = useSubmit();
  const name = keyName(fleetKey);
  const title = t('fleet.keys.edit', { name });
  const choices = fleetKeyStatuses.filter((s) => s === fleetKey.status || fleetKeyStatusChange(fleetKey.status, s) === null);
  return (
    <details className="row-editor" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title}</summary>
      {fleetKey.status !== 'retired' && (
        <form
          noValidate
          className="inline-form"
          aria-label={title}
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run(async () => {
              const saved = await api.call(endpoints.devices.updateKey, {
                params: { id: fleetKey.id },
                body: { serial: serial || null, aaguid: aaguid || null, model: model || null, ...(status !== fleetKey.status ? { status } : {}) },
              });
              setStatusChoice(null);
              onChanged();
              return t('fleet.keys.saved', { name: keyName(saved) });
            }, { form: e.currentTarget });
          }}
        >
          <TextField id={`${id}-serial`} name="serial" label={t('fleet.serial')} maxLength={100} value={serial} onChange={setSerial} errors={submit.fieldErrors} />
          <TextField id={`${id}-aaguid`} name="aaguid" label={t('fleet.keys.aaguid')} pattern={AAGUID_PATTERN} format="8-4-4-4-12" value={aaguid} onChange={setAaguid} errors={submit.fieldErrors} />
          <TextField id={`${id}-model`} name="model" label={t('fleet.model')} maxLength={200} value={model} onChange={setModel} errors={submit.fieldErrors} />
          <Field id={`${id}-status`} name="status" label={t('fleet.status')} errors={submit.fieldErrors}>
            <select value={status} onChange={(e) => setStatusChoice(e.target.value as FleetKeyStatus)}>
              {choices.map((s) => (
                <option key={s} value={s}>
                  {t(`fleet.keyStatus.${s}`)}
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
      {open && (fleetKey.status === 'in-stock' || fleetKey.status === 'assigned') && (
        <AssignForm
          itemName={name}
          assign={async (body) => {
            const r = await api.call(endpoints.devices.assignKey, { params: { id: fleetKey.id }, body });
            onChanged();
            return t('fleet.keys.assigned', { name: keyName(r), agent: r.assignee?.name ?? '' });
          }}
        />
      )}
      {open && <AssignmentHistory keyId={fleetKey.id} reloadKey={reloadKey} />}
    </details>
  );
}

export function KeysSection({ reloadKey, onChanged }: { reloadKey: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [serial, setSerial] = useState('');
  const [aaguid, setAaguid] = useState('');
  const [model, setModel] = useState('');
  const submit = useSubmit();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('fleet.keys.title')}</h2>
      <PagedList
        endpoint={endpoints.devices.listKeys}
        label={t('fleet.keys.title')}
        reloadKey={reloadKey}
        columns={[
          { header: t('fleet.serial'), cell: (k) => k.serial ?? t('fleet.none') },
          { header: t('fleet.keys.aaguid'), cell: (k) => (k.aaguid ? <code className="wrap">{k.aaguid}</code> : t('fleet.none')) },
          { header: t('fleet.model'), cell: (k) => k.model ?? t('fleet.none') },
          { header: t('fleet.status'), cell: (k) => t(`fleet.keyStatus.${k.status}`) },
          { header: t('fleet.holder'), cell: (k) => <Holder assignee={k.assignee} assignedAt={k.assignedAt} /> },
          { header: t('fleet.actions'), cell: (k) => <KeyEditor key={k.id} fleetKey={k} onChanged={onChanged} reloadKey={reloadKey} /> },
        ]}
      />
      <h3 id={`${id}-create`}>{t('fleet.keys.create')}</h3>
      <form
        noValidate
        className="inline-form"
        aria-labelledby={`${id}-create`}
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(async () => {
            if (!serial.trim() && !aaguid.trim()) throw new FormError(t('fleet.keys.identifierRequired'), { field: 'serial' });
            await api.call(endpoints.devices.createKey, { body: { ...(serial ? { serial } : {}), ...(aaguid ? { aaguid } : {}), ...(model ? { model } : {}) } });
            setSerial('');
            setAaguid('');
            setModel('');
            onChanged();
            return t('fleet.keys.created');
          }, { form: e.currentTarget });
        }}
      >
        <TextField id={`${id}-serial`} name="serial" label={t('fleet.serial')} maxLength={100} value={serial} onChange={setSerial} errors={submit.fieldErrors} />
        <TextField id={`${id}-aaguid`} name="aaguid" label={t('fleet.keys.aaguid')} pattern={AAGUID_PATTERN} format="8-4-4-4-12" value={aaguid} onChange={setAaguid} hint={t('fleet.keys.aaguidHint')} errors={submit.fieldErrors} />
        <TextField id={`${id}-model`} name="model" label={t('fleet.model')} maxLength={200} value={model} onChange={setModel} errors={submit.fieldErrors} />
        <button type="submit" className="button" disabled={submit.busy}>
          {t('fleet.keys.createButton')}
        </button>
      </form>
      <FormStatus state={submit} />
    </section>
  );
}
