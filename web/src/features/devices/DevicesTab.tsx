// Registering a computer of the fleet: its one-time link is opened on that computer (a
// section of the « Parc » tab, FleetTab.tsx).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type DeviceKind } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import { FormStatus } from '../../components/Message.tsx';
import { Field } from '../../lib/Field.tsx';

export function DevicesTab({ onRegistered }: { onRegistered?: () => void } = {}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DeviceKind>('managed');
  const [link, setLink] = useState<string | null>(null);
  const submit = useSubmit();
  return (
    <>
      <p>{t('admin.devicesIntro')}</p>
      <FormStatus state={submit} />
      <form
        noValidate
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit.run(
            async () => {
              const r = await api.call(endpoints.devices.create, { body: { name, kind } });
              setLink(r.link);
              setName('');
              onRegistered?.();
            },
            { form: e.currentTarget },
          );
        }}
      >
        <Field id="device-name" name="name" label={t('helpdesk.deviceName')} required errors={submit.fieldErrors}>
          <input maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="device-kind" name="kind" label={t('helpdesk.deviceKind')} errors={submit.fieldErrors}>
          <select value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)}>
            <option value="managed">{t('helpdesk.deviceKinds.managed')}</option>
            <option value="thin-client">{t('helpdesk.deviceKinds.thin-client')}</option>
          </select>
        </Field>
        <button type="submit" className="button" disabled={submit.busy}>
          {t('admin.addDevice')}
        </button>
      </form>
      {link && (
        <div className="message info" role="status">
          <p>{t('admin.deviceLink')}</p>
          <p>
            <code className="wrap" data-testid="device-link">
              {link}
            </code>
          </p>
        </div>
      )}
    </>
  );
}
