import type { ReactNode } from 'react';

/** A status or error message, announced by screen readers (role status / alert). */
export function Message({ kind, children }: { kind: 'info' | 'success' | 'error'; children: ReactNode }) {
  if (!children) return null;
  return (
    <div className={`message ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** The outcome of a form run through useSubmit (lib/use-submit.ts): its error, then its success. */
export function FormStatus({ state }: { state: { error: string | null; success: string | null } }) {
  return (
    <>
      <Message kind="error">{state.error}</Message>
      <Message kind="success">{state.success}</Message>
    </>
  );
}
