import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function SuspendedPage() {
  const { t } = useTranslation();
  const state = useLocation().state as { helpdesk?: string | null } | null;
  const phone = state?.helpdesk;
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('suspended.title')}</h1>
      <div className="message error" role="alert">
        <p>{t('suspended.text')}</p>
        <p>{phone ? t('suspended.call', { phone }) : t('suspended.callNoPhone')}</p>
      </div>
      <p>
        <Link className="button primary" to="/deblocage">
          {t('suspended.enterCode')}
        </Link>
      </p>
    </section>
  );
}
