// After login (and on reload with a session), the interface switches to the language the
// agent chose in « Mon compte » or an administrator set; nothing when none was chosen.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '@estran/contracts';
import { api } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';

export function ApplyPreferredLanguage() {
  const { session } = useSession();
  const { i18n } = useTranslation();
  const applied = useRef<string | null>(null);
  const sessionKey = session ? `${session.agent.id}:${session.authenticatedAt}` : null;
  useEffect(() => {
    if (!sessionKey) {
      applied.current = null;
      return;
    }
    if (applied.current === sessionKey) return;
    applied.current = sessionKey;
    api.call(endpoints.org.readMyPreferences).then(
      (p) => {
        if (p.preferredLanguage && p.preferredLanguage !== i18n.language) void i18n.changeLanguage(p.preferredLanguage);
      },
      () => {
        /* the page's own requests say what went wrong; the language stays */
      },
    );
  }, [sessionKey, i18n]);
  return null;
}
