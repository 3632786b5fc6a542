// The administration area's « Parc » tab (issue 17): the fleet's computers and security
// keys with their holders, the deployment waves and their progress, the inventory's CSV
// export, and — as before — registering a computer with its one-time link (DevicesTab).
// One reload counter: a change in one section (a computer given to an agent) refreshes
// the others (a wave's progress).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointUrl, endpoints } from '@estran/contracts';
import { ComputersSection } from './ComputersSection.tsx';
import { DevicesTab } from './DevicesTab.tsx';
import { KeysSection } from './KeysSection.tsx';
import { WavesSection } from './WavesSection.tsx';

export function FleetTab() {
  const { t } = useTranslation();
  const [reloadKey, setReloadKey] = useState(0);
  const changed = useCallback(() => setReloadKey((k) => k + 1), []);
  return (
    <>
      <p>{t('fleet.intro')}</p>
      <p>
        <a className="button secondary" href={endpointUrl(endpoints.devices.exportFleet)} download>
          {t('fleet.export')}
        </a>{' '}
        <span className="muted">{t('fleet.exportHint')}</span>
      </p>
      <ComputersSection reloadKey={reloadKey} onChanged={changed} />
      <KeysSection reloadKey={reloadKey} onChanged={changed} />
      <WavesSection reloadKey={reloadKey} onChanged={changed} />
      {/* Not named by its heading: the stolen-laptop journey finds its field by the label « Poste ». */}
      <section>
        <h2>{t('admin.addDevice')}</h2>
        <DevicesTab onRegistered={changed} />
      </section>
    </>
  );
}
