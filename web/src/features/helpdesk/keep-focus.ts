// Focus after an action on the helpdesk's pages (RGAA 12.8, WCAG 2.4.3): the action's
// button is disabled while it runs, or removed by its outcome, and the browser then drops
// focus to <body> — a keyboard or screen-reader user would start again from the top.
// Once React has shown the outcome, focus goes to it, unless the agent has moved on.

/** Focus was dropped: nothing, <body>, a removed element, or a button just disabled. */
export function focusLost(el: Element | null): boolean {
  return !el || el === document.body || !el.isConnected || (el as HTMLButtonElement).disabled === true;
}

/** After the next render, focuses `target()` (made focusable) if focus was lost. */
export function keepFocus(target: () => HTMLElement | null): void {
  setTimeout(() => {
    if (!focusLost(document.activeElement)) return;
    const el = target();
    if (!el) return;
    if (!el.hasAttribute('tabindex')) el.tabIndex = -1;
    el.focus();
  }, 0);
}
