// Loading one API resource for a page: the answer is kept with the URL it answers, so a
// page never shows the previous resource's data as the new one's (no "loading" state to
// reset inside the effect), and a late answer for an old URL is dropped.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useNavigationType } from 'react-router';
import type { EndpointDefinition, EndpointInput, EndpointResult } from '@estran/contracts';
import { ApiFailure, api } from './api.ts';

type Answer<T> = { url: string; data: T | null; error: ApiFailure | null; version: number };

export function useApiData<T>(url: string | null, options: { keepPrevious?: boolean } = {}) {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (url === null) return;
    let cancelled = false;
    api.get<T>(url).then(
      (data) => !cancelled && setAnswer({ url, data, error: null, version }),
      (e: unknown) => !cancelled && setAnswer({ url, data: null, error: e instanceof ApiFailure ? e : new ApiFailure(0, {}), version }),
    );
    return () => {
      cancelled = true;
    };
  }, [url, version]);
  const current = answer && answer.url === url ? answer : null;
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // keepPrevious: while the next answer loads, keep showing the last one (a list growing).
  const shown = current ?? (options.keepPrevious && url !== null ? answer : null);
  return { data: shown?.data ?? null, error: current?.error ?? null, loading: url !== null && current === null, reload };
}

/**
 * Loading a GET endpoint of contracts for a page, typed from its response schema; `null`
 * input: nothing to load yet. Same behaviour as useApiData (keyed by the URL).
 */
export function useEndpoint<const E extends EndpointDefinition & { method: 'GET' }>(
  definition: E,
  input: Partial<EndpointInput<E>> | null,
  options: { keepPrevious?: boolean } = {},
) {
  return useApiData<EndpointResult<E>>(input === null ? null : api.url(definition, input), options);
}

/**
 * Move focus to a page's heading once the data it names has arrived, as the shell does on
 * navigation (Layout.tsx) for pages whose heading is there at once. Not on a first load or
 * a back/forward move (POP): focus then stays where the browser puts it. Not when the
 * agent is already elsewhere on the page.
 */
export function useFocusWhenLoaded(ref: RefObject<HTMLElement | null>, loadedKey: string | null) {
  const navigationType = useNavigationType();
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (loadedKey === null || done.current === loadedKey) return;
    done.current = loadedKey;
    if (navigationType === 'POP') return;
    const active = document.activeElement;
    if (!active || active === document.body || active.id === 'contenu') ref.current?.focus();
  }, [loadedKey, navigationType, ref]);
}
