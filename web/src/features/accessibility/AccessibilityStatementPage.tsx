// /accessibilite: the accessibility statement, open to anyone (no session needed).
import { useTranslation } from 'react-i18next';

export function AccessibilityStatementPage() {
  const { t } = useTranslation();
  const known = t('accessibility.known', { returnObjects: true }) as string[];
  return (
    <article>
      <h1 tabIndex={-1}>{t('accessibility.title')}</h1>
      <p>{t('accessibility.intro')}</p>
      <h2>{t('accessibility.statusTitle')}</h2>
      <p>{t('accessibility.status')}</p>
      <h2>{t('accessibility.resultsTitle')}</h2>
      <p>{t('accessibility.results')}</p>
      <h2>{t('accessibility.knownTitle')}</h2>
      <ul>
        {known.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <h2>{t('accessibility.dateTitle')}</h2>
      <p>{t('accessibility.date')}</p>
      <h2>{t('accessibility.contactTitle')}</h2>
      <p>{t('accessibility.contact')}</p>
      <h2>{t('accessibility.remedyTitle')}</h2>
      <p>{t('accessibility.remedy')}</p>
    </article>
  );
}
