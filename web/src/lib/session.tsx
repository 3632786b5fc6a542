// The current session, shared by the whole shell: loaded from /api/auth/session, reset on
// logout, refreshed after login. Logging out also forgets the drafts pages keep in this
// tab's sessionStorage (keys `estran.draft.…`) for a session that ends unattended: the
// agent who logs out is done, and the next person at a shared computer must not see them.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { endpoints, type SessionInfo } from '@estran/contracts';
import { api, ApiFailure, setCsrfToken } from './api.ts';
import { setDisplayTimeZone } from './format.ts';

type SessionState = {
  session: SessionInfo | null;
  loading: boolean;
  refresh(): Promise<SessionInfo | null>;
  logout(): Promise<void>;
};

/** The prefix of the drafts a page keeps in sessionStorage until saved (forgotten at logout). */
export const DRAFT_PREFIX = 'estran.draft.';

const SessionContext = createContext<SessionState | null>(null);

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await api.call(endpoints.auth.session);
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status !== 401) console.error(error);
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loading, setLoading] = useState(true);

  const apply = useCallback((s: SessionInfo | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setDisplayTimeZone(s?.agent.tenant.timeZone);
    setSession(s);
    setLoading(false);
    return s;
  }, []);

  const refresh = useCallback(() => fetchSession().then(apply), [apply]);

  const logout = useCallback(async () => {
    await api.call(endpoints.auth.logout, { body: {} }).catch(() => {});
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
    setCsrfToken(null);
    setSession(null);
  }, []);

  useEffect(() => {
    void fetchSession().then(apply);
  }, [apply]);

  return <SessionContext.Provider value={{ session, loading, refresh, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
