// One way for every form to show busy / error / success: `run` marks the form busy,
// clears the previous outcome, awaits the work and shows its success message, or the
// server's French message (ApiFailure), or the generic error. The form renders
// <FormStatus state={submit} /> and disables its button while `busy`.
// A check of the form's own (two passwords that differ) throws FormError with its text;
// a failure the page words itself (a cancelled key ceremony) goes through `onFailure`.
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from './api.ts';

export type SubmitState = {
  busy: boolean;
  error: string | null;
  success: string | null;
  /** The failure itself, for forms that react to a code (e.g. `throttled`). */
  failure: ApiFailure | null;
};

/** A failure whose message is for the agent as it is (a check the form makes itself). */
export class FormError extends Error {}

export type RunOptions = {
  /**
   * Called with the failure before it is shown; returns the text to show instead of the
   * default (the server's message or the generic error), `null` to show none.
   */
  onFailure?: (error: unknown) => string | null | undefined;
};

export function useSubmit() {
  const { t } = useTranslation();
  const [state, setState] = useState<SubmitState>({ busy: false, error: null, success: null, failure: null });
  const running = useRef(false);
  /**
   * Runs `work`; its result (a string) is shown as the success message, `undefined` shows
   * none. Resolves to true when the work succeeded. A second submit while busy is ignored.
   */
  const run = useCallback(
    async (work: () => Promise<string | undefined | void>, options: RunOptions = {}): Promise<boolean> => {
      if (running.current) return false;
      running.current = true;
      setState({ busy: true, error: null, success: null, failure: null });
      try {
        const message = await work();
        setState({ busy: false, error: null, success: typeof message === 'string' ? message : null, failure: null });
        return true;
      } catch (e) {
        const failure = e instanceof ApiFailure ? e : null;
        const worded = options.onFailure?.(e);
        const error = worded !== undefined ? worded : failure ? failure.message : e instanceof FormError ? e.message : t('errors.generic');
        setState({ busy: false, error, success: null, failure });
        return false;
      } finally {
        running.current = false;
      }
    },
    [t],
  );
  const clear = useCallback(() => setState({ busy: false, error: null, success: null, failure: null }), []);
  return { ...state, run, clear };
}
