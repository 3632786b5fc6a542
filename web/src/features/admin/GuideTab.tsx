// The guide in the admin area: which guide the tenant reads, uploading an edition or a
// bulletin, and the synonyms its search uses.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canAdministerOperator, type GuideSummary } from '@estran/contracts';
import { useApiData } from '../../lib/use-api-data.ts';
import { useSession } from '../../lib/session.tsx';
import { GuidePackageUpload } from './GuidePackageUpload.tsx';
import { GuideSynonymsEditor } from './GuideSynonymsEditor.tsx';

export function GuideTab() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [version, setVersion] = useState(0);
  const summary = useApiData<GuideSummary>(`/api/guide?v=${version}`);
  if (!session) return null;
  const actor = { roles: session.agent.roles, operator: session.agent.tenant.operator };
  const g = summary.data;
  return (
    <>
      <p>
        {g
          ? t(g.shared ? 'adminGuide.inForceShared' : 'adminGuide.inForceOwn', {
              name: g.name,
              date: g.current ? new Date(`${g.current}T00:00:00`).toLocaleDateString(i18n.language) : '—',
            })
          : summary.error?.status === 404
            ? t('adminGuide.none')
            : null}
      </p>
      <GuidePackageUpload operator={canAdministerOperator(actor)} onApplied={() => setVersion((v) => v + 1)} />
      <GuideSynonymsEditor actor={actor} reloadKey={version} />
    </>
  );
}
