// One way for every form to show busy / error / success: `run` marks the form busy,
// clears the previous outcome, awaits the work and shows its success message, or the
// server's French message (ApiFailure), or the generic error. The form renders
// <FormStatus state={submit} /> and disables its button while `busy`.
// A check of the form's own (two passwords that differ) throws FormError with its text
// (and the field it is about); a failure the page words itself (a cancelled key
// ceremony) goes through `onFailure`.
//
// Accessibility, once for every form (RGAA 11.10, 11.11, 12.8):
// - `run(work, { form })` first checks the form's fields with the browser's constraints
//   (required, type, pattern, length: forms are `noValidate`, so no browser bubble) and
//   words each failure in the app's language (lib/form-checks.ts); nothing is sent then.
// - Errors are kept per field (`fieldErrors`, by the field's `name`): the form's own
//   checks, a FormError's field, and the server's validation issues (path ["body", name]).
//   <Field> (lib/Field.tsx) ties them to their input (aria-invalid, aria-describedby).
// - Focus: after a failure with field errors, the first invalid field is focused. A busy
//   button is disabled, which drops focus to <body>; then focus goes to the form's status
//   (FormStatus, focusable with tabIndex -1) while busy and stays there on its outcome, or,
//   if the form is gone (replaced by its result), to the page's message or heading.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from './api.ts';
import { checkForm } from './form-checks.ts';

export type FieldErrors = Readonly<Record<string, string>>;

export type SubmitState = {
  busy: boolean;
  error: string | null;
  success: string | null;
  /** The failure itself, for forms that react to a code (e.g. `throttled`). */
  failure: ApiFailure | null;
  /** Each invalid field's message, by the field's name (its key in the request body). */
  fieldErrors: FieldErrors;
};

/** A failure whose message is for the agent as it is (a check the form makes itself), about one field or the whole form. */
export class FormError extends Error {
  readonly field: string | undefined;
  constructor(message: string, options: { field?: string } = {}) {
    super(message);
    this.field = options.field;
  }
}

export type RunOptions = {
  /**
   * Called with the failure before it is shown; returns the text to show instead of the
   * default (the server's message or the generic error), `null` to show none.
   */
  onFailure?: (error: unknown) => string | null | undefined;
  /** The form submitted: its fields are checked first, and its first invalid field gets focus. */
  form?: HTMLFormElement | null;
};

const idle: SubmitState = { busy: false, error: null, success: null, failure: null, fieldErrors: {} };

/** The server's validation issues on body fields, by field name (the first issue of each). */
export function issuesByField(failure: ApiFailure | null): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = failure?.body.issues;
  if (!Array.isArray(issues)) return out;
  for (const issue of issues as { path?: unknown; message?: unknown }[]) {
    const path = Array.isArray(issue.path) ? issue.path : [];
    const name = path[0] === 'body' ? path[1] : undefined;
    if (typeof name === 'string' && typeof issue.message === 'string' && !(name in out)) out[name] = issue.message;
  }
  return out;
}

/** Focus went nowhere useful: <body>, a removed element, or a button just disabled. */
function focusLost(el: Element | null): boolean {
  return !el || el === document.body || !el.isConnected || (el as HTMLButtonElement).disabled === true;
}

/** A meaningful place for focus when the form that had it is gone: the page's message, else its heading. */
export function focusPageOutcome() {
  const main = document.getElementById('contenu') ?? document.body;
  const message = Array.from(main.querySelectorAll<HTMLElement>('[role="alert"], [role="status"], .message')).find((el) => el.textContent?.trim());
  const target = message ?? main.querySelector<HTMLElement>('h1');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
}

export function useSubmit() {
  const { t } = useTranslation();
  const [state, setState] = useState<SubmitState>(idle);
  const running = useRef(false);
  const statusEl = useRef<HTMLElement | null>(null);
  const formEl = useRef<HTMLFormElement | null>(null);
  // Set by run, read after the render that shows its phase (busy, then the outcome).
  const watching = useRef(false);

  useEffect(() => {
    if (!watching.current) return;
    if (state.busy) {
      if (focusLost(document.activeElement)) statusEl.current?.focus();
      return;
    }
    watching.current = false;
    if (Object.keys(state.fieldErrors).length > 0) {
      const scope: ParentNode = formEl.current?.isConnected ? formEl.current : document;
      const first = scope.querySelector<HTMLElement>(':is(input, select, textarea, [tabindex])[aria-invalid="true"]');
      if (first) {
        first.focus();
        return;
      }
    }
    if (!focusLost(document.activeElement)) return;
    if (statusEl.current?.isConnected) statusEl.current.focus();
    else focusPageOutcome();
  }, [state]);

  /**
   * Runs `work`; its result (a string) is shown as the success message, `undefined` shows
   * none. Resolves to true when the work succeeded. A second submit while busy is ignored.
   */
  const run = useCallback(
    async (work: () => Promise<string | undefined | void>, options: RunOptions = {}): Promise<boolean> => {
      if (running.current) return false;
      formEl.current = options.form ?? null;
      watching.current = true;
      if (options.form) {
        const found = checkForm(options.form, t);
        const count = Object.keys(found).length;
        if (count > 0) {
          setState({ ...idle, error: t('form.invalid', { count }), fieldErrors: found });
          return false;
        }
      }
      running.current = true;
      setState({ ...idle, busy: true });
      try {
        const message = await work();
        setState({ ...idle, success: typeof message === 'string' ? message : null });
        return true;
      } catch (e) {
        const failure = e instanceof ApiFailure ? e : null;
        const worded = options.onFailure?.(e);
        const error = worded !== undefined ? worded : failure ? failure.message : e instanceof FormError ? e.message : t('errors.generic');
        const fieldErrors = e instanceof FormError && e.field ? { [e.field]: e.message } : issuesByField(failure);
        setState({ busy: false, error, success: null, failure, fieldErrors });
        return false;
      } finally {
        running.current = false;
        // The form may be gone with its component (replaced by its result, e.g. an
        // activated key): once the outcome is rendered, focus must still be somewhere.
        setTimeout(() => {
          if (focusLost(document.activeElement)) focusPageOutcome();
        }, 50);
      }
    },
    [t],
  );
  const clear = useCallback(() => setState(idle), []);
  /** Given to FormStatus: where focus goes while busy and after the outcome. */
  const attachStatus = useCallback((el: HTMLElement | null) => {
    statusEl.current = el;
  }, []);
  return { ...state, run, clear, attachStatus };
}

export type Submit = ReturnType<typeof useSubmit>;
