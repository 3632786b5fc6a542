// The document's <title> (RGAA 8.6: each page has a relevant title): "<page> — Estran",
// updated on every navigation and when the page changes state (loaded, not found, an
// error shown). One mechanism for every feature: the shell renders <DocumentTitle/>,
// which names the page after its first <h1> in <main> — so a feature's page is titled by
// its heading without doing anything — unless the page names itself with
// usePageTitle('…') (a heading that greets, or a page whose heading comes later).
// A form showing errors (a field marked aria-invalid, or FormStatus's error) prefixes
// "Erreur : ", as the DSFR does, so the title says the submission failed.
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

let override: string | null = null;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const setOverride = (value: string | null) => {
  override = value;
  for (const l of listeners) l();
};

/** Names the current page (its <title>), instead of its first heading; `null`: the heading. */
export function usePageTitle(title: string | null) {
  useEffect(() => {
    setOverride(title);
    return () => setOverride(null);
  }, [title]);
}

/** The title the page gives itself: its override, its <h1>, else its first alert (a page that failed). */
export function pageName(main: ParentNode | null, own: string | null): string | null {
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() || null;
  return own ?? text(main?.querySelector('h1')) ?? text(main?.querySelector('[role="alert"]'));
}

/** The shell's part (app/Layout.tsx): keeps document.title in step with <main>. */
export function DocumentTitle({ mainId }: { mainId: string }) {
  const { t, i18n } = useTranslation();
  const { pathname } = useLocation();
  const own = useSyncExternalStore(subscribe, () => override);
  useEffect(() => {
    const main = document.getElementById(mainId);
    const update = () => {
      const name = pageName(main, own) ?? t('app.loading');
      const failed = main?.querySelector('[aria-invalid="true"], [data-form-error]') != null;
      const next = `${failed ? t('app.titleError') : ''}${name} — ${t('app.name')}`;
      if (document.title !== next) document.title = next;
    };
    update();
    if (!main) return;
    const observer = new MutationObserver(update);
    observer.observe(main, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-invalid', 'data-form-error'] });
    return () => observer.disconnect();
  }, [mainId, own, pathname, t, i18n.language]);
  return null;
}
