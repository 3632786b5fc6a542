// Small pieces the guide's pages share: the breadcrumb trail, a date, a "text in force
// on" form, the "changed since your last visit" badge, and error text.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TocPage } from '@estran/contracts';
import type { ApiFailure } from '../../lib/api.ts';
import { Message } from '../../components/Message.tsx';
import { GUIDE_LANG, formatDay, isDay, tocHref } from './links.ts';

export function Breadcrumbs({ trail, current, at }: { trail: TocPage['breadcrumbs']; current?: string; at?: string | undefined }) {
  const { t } = useTranslation();
  const items = [{ path: '', heading: t('guide.toc.root') }, ...trail];
  const lang = (i: number) => (i === 0 ? undefined : GUIDE_LANG);
  return (
    <nav className="breadcrumbs" aria-label={t('guide.breadcrumbs')}>
      <ol>
        {items.map((c, i) => {
          const last = current === undefined && i === items.length - 1;
          return (
            <li key={c.path}>
              {last ? (
                <span aria-current="page" lang={lang(i)}>
                  {c.heading}
                </span>
              ) : (
                <Link to={tocHref(c.path, at)} lang={lang(i)}>
                  {c.heading}
                </Link>
              )}
            </li>
          );
        })}
        {current !== undefined && (
          <li>
            <span aria-current="page">{current}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}

export function Day({ value }: { value: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={value}>{formatDay(value, i18n.language)}</time>;
}

export function ChangedBadge() {
  const { t } = useTranslation();
  return <span className="badge changed">{t('guide.changedSinceVisit')}</span>;
}

export function ApiError({ error }: { error: ApiFailure | null }) {
  const { t } = useTranslation();
  return <Message kind="error">{error ? error.message || t('errors.generic') : null}</Message>;
}

/** A date field that applies on submit (typing a date in a date field must not reload). */
export function AtForm({ label, at, onChange, hint }: { label: string; at: string; onChange: (at: string) => void; hint?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState(at);
  const [previous, setPrevious] = useState(at);
  if (at !== previous) {
    // The URL changed (back button, "today" link): show its date.
    setPrevious(at);
    setValue(at);
  }
  return (
    <form
      className="at-form"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(isDay(value) ? value : '');
      }}
    >
      <label htmlFor={`${id}-at`}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="muted small-text">
          {hint}
        </p>
      )}
      <div className="at-row">
        <input id={`${id}-at`} type="date" value={value} min="1800-01-01" max="2999-12-31" aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" className="button secondary">
          {t('guide.at.apply')}
        </button>
        {at && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setValue('');
              onChange('');
            }}
          >
            {t('guide.at.today')}
          </button>
        )}
      </div>
    </form>
  );
}
