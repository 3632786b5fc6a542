// One form field: its label (with "obligatoire" written beside it when it is required, RGAA 11.10),
// its hint (a format such as "jj/mm/aaaa"), its error, and the input itself, tied
// together: the input gets its id and name, aria-invalid while it is in error, and
// aria-describedby naming the hint and the error (RGAA 11.10, 11.11). The errors come
// from useSubmit (lib/use-submit.ts): the form's own checks and the server's, by name.
//   <Field id="login" name="login" label={t('login.login')} required errors={submit.fieldErrors}>
//     <input type="email" value={login} onChange={…} />
//   </Field>
import { cloneElement, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from './use-submit.ts';

type ControlProps = { id?: string; name?: string; required?: boolean; 'aria-invalid'?: boolean; 'aria-describedby'?: string };

export function Field(props: {
  id: string;
  /** The field's key in the request body (and in useSubmit's fieldErrors). */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  errors?: FieldErrors;
  className?: string;
  children: ReactElement<ControlProps>;
}) {
  const { t } = useTranslation();
  const { id, name, hint, required, children } = props;
  const error = props.errors?.[name];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [children.props['aria-describedby'], hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(children, { id, name, required, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy });
  return (
    <div className={['field', error ? 'invalid' : '', props.className ?? ''].filter(Boolean).join(' ')}>
      {/* The mark is seen beside the label; a screen reader hears "required" from the input itself. */}
      <span className="label-row">
        <label htmlFor={id}>{props.label}</label>
        {required && (
          <span className="required" aria-hidden="true">
            {t('form.requiredMark')}
          </span>
        )}
      </span>
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {control}
    </div>
  );
}
