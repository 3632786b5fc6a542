// French first, English available; the choice is kept in localStorage and sets <html lang>.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './messages.ts';

const STORAGE_KEY = 'estran.lang';
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: messages.fr }, en: { translation: messages.en } },
  lng: saved === 'en' ? 'en' : 'fr',
  fallbackLng: 'fr',
  interpolation: { escapeValue: false }, // React escapes
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  localStorage.setItem(STORAGE_KEY, lng);
});

export default i18n;
