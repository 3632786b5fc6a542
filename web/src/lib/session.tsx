// The current session, shared by the whole shell: loaded from /api/auth/session, reset on
// logout, refreshed after login.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { endpoints, type SessionInfo } from '@estran/contracts';
import { api, ApiFailure, setCsrfToken } from './api.ts';

type SessionState = {
  session: SessionInfo | null;
  loading: boolean;
  refresh(): Promise<SessionInfo | null>;
  logout(): Promise<void>;
};

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
    setSession(s);
    setLoading(false);
    return s;
  }, []);

  const refresh = useCallback(() => fetchSession().then(apply), [apply]);

  const logout = useCallback(async () => {
    await api.call(endpoints.auth.logout, { body: {} }).catch(() => {});
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
