// A button that copies a link or a token to the clipboard, and says so in a polite live
// region that exists before it is filled (screen readers announce the change). When the
// clipboard is refused (an insecure origin, a denied permission), it says how to copy by hand.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CopyButton({ value, what }: { value: string; /** What is copied, for the accessible name: « le lien », « le jeton ». */ what?: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<'done' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('done');
    } catch {
      setOutcome('failed');
    }
    timer.current = setTimeout(() => setOutcome(null), 6000);
  };
  return (
    <span className="copy-button">
      <button type="button" onClick={() => void copy()} aria-label={what ? t('copy.label', { what }) : undefined}>
        {t('copy.button')}
      </button>
      <span role="status" className="small-text">
        {outcome ? t(`copy.${outcome}`) : ''}
      </span>
    </span>
  );
}
