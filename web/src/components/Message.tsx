import { useEffect, useRef, type ReactNode } from 'react';

/** A status or error message, announced by screen readers (role status / alert). */
export function Message({ kind, children }: { kind: 'info' | 'success' | 'error'; children: ReactNode }) {
  if (!children) return null;
  return (
    <div className={`message ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/**
 * The outcome of a form run through useSubmit (lib/use-submit.ts): its error (an alert,
 * inserted when there is one), then its busy text or success in a status region that is
 * always there, so it is announced when filled (a live region inserted with its text is
 * often not). Focus comes here while the form is busy and stays on its outcome
 * (useSubmit's attachStatus: RGAA 12.8, never left on <body>).
 */
export function FormStatus({ state, busyText }: { state: { error: string | null; success: string | null; busy?: boolean; attachStatus?: (el: HTMLElement | null) => void }; busyText?: string }) {
  const live = state.busy ? (busyText ?? null) : state.success;
  const box = useRef<HTMLDivElement>(null);
  const attach = state.attachStatus;
  useEffect(() => {
    attach?.(box.current);
    return () => attach?.(null);
  }, [attach]);
  return (
    <div ref={box} tabIndex={attach ? -1 : undefined} className="form-status">
      {state.error && (
        <div className="message error" role="alert" data-form-error="">
          {state.error}
        </div>
      )}
      <div role="status" className={live ? `message ${state.busy ? 'info' : 'success'}` : undefined}>
        {live}
      </div>
    </div>
  );
}
