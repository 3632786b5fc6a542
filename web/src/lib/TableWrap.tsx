// A table that may be wider than a phone's screen scrolls in its own box, not the page
// (RGAA 10.11 reflow at 320 px). The box can take focus so a keyboard user can scroll it
// (WCAG 2.1.1, axe scrollable-region-focusable), and is named by the table's caption.
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  // A scrolling region must be reachable with the keyboard, hence tabIndex 0.
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
