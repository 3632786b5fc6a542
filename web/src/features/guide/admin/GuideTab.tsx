// The guide in the admin area: which guide the tenant reads, uploading an edition or a
// bulletin, and the synonyms its search uses.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canAdministerOperator, endpoints } from '@estran/contracts';
import { useEndpoint } from '../../../lib/use-api-data.ts';
import { useSession } from '../../../lib/session.tsx';
import { GuidePackageUpload } from './GuidePackageUpload.tsx';
import { GuideSynonymsEditor } from './GuideSynonymsEditor.tsx';
import { formatDay } from '../../../lib/format.ts';

export function GuideTab() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  // Bumped when a package is applied: the summary and the synonyms are loaded again.
  const [version, setVersion] = useState(0);
  const summary = useEndpoint(endpoints.guide.summary, {});
  if (!session) return null;
  const actor = { roles: session.agent.roles, operator: session.agent.tenant.operator };
  const g = summary.data;
  return (
    <>
      <p>
        {g
          ? t(g.shared ? 'adminGuide.inForceShared' : 'adminGuide.inForceOwn', {
              name: g.name,
              date: g.current ? formatDay(g.current, i18n.language, { style: 'short' }) : '—',
            })
          : summary.error?.status === 404
            ? t('adminGuide.none')
            : null}
      </p>
      <GuidePackageUpload
        operator={canAdministerOperator(actor)}
        onApplied={() => {
          summary.reload();
          setVersion((v) => v + 1);
        }}
      />
      <GuideSynonymsEditor actor={actor} reloadKey={version} />
    </>
  );
}
