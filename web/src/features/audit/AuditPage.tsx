// The audit viewer on its own page (/journal-audit), for a data protection officer who
// does not administer the tenant.
import { useTranslation } from 'react-i18next';
import { AuditTab } from './AuditTab.tsx';

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('audit.title')}</h1>
      <AuditTab />
    </section>
  );
}
