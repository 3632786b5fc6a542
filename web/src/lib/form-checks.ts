// A form's own checks before it is sent, in the app's words instead of the browser's
// bubbles (forms are `noValidate`; RGAA 11.10). The browser's constraints stay the
// source (required, type=email, pattern, minlength…: the Constraint Validation API
// says which one fails); this names each failure in the agent's language, with the
// format expected where the field gives one (data-format, e.g. "6 chiffres").
import type { TFunction } from 'i18next';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Why a field is invalid, in words; null when it is valid (or not checked: disabled, hidden). */
export function fieldProblem(el: Control, t: TFunction): string | null {
  const v = el.validity;
  if (v.valid || el.disabled) return null;
  const format = el.dataset.format;
  if (v.valueMissing) return el instanceof HTMLInputElement && el.type === 'checkbox' ? t('form.checkRequired') : t('form.required');
  if (v.typeMismatch && el.type === 'email') return t('form.email');
  if (v.typeMismatch && el.type === 'url') return t('form.url');
  if (v.tooShort) return t('form.tooShort', { count: Number(el.getAttribute('minlength')) });
  if (v.tooLong) return t('form.tooLong', { count: Number(el.getAttribute('maxlength')) });
  if (v.rangeUnderflow) return t('form.min', { min: el.getAttribute('min') });
  if (v.rangeOverflow) return t('form.max', { max: el.getAttribute('max') });
  if (v.badInput && el.type === 'number') return t('form.number');
  if (format) return t('form.format', { format });
  return t('form.invalidValue');
}

/** Every invalid field of the form, by its name (or id), in the form's order. */
export function checkForm(form: HTMLFormElement, t: TFunction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    const key = el.name || el.id;
    if (!key || key in out) continue;
    const problem = fieldProblem(el, t);
    if (problem) out[key] = problem;
  }
  return out;
}
