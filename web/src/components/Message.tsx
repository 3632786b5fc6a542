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
