// Warning before the session ends for inactivity (RGAA 13.1, WCAG 2.2.1): two minutes
// before the idle limit, an alert dialog says when the session will end and offers
// « Prolonger » (POST /api/auth/session/extend); once it has ended, it says so and offers
// a login that comes back to this page (/connexion?retour=…), the page left as it was
// (drafts kept in sessionStorage survive the reload, e.g. the guide's note).
//
// When is the deadline? The server said how long was left (GET /api/auth/session/idle);
// every later answer slid it, but the server writes the slide at most once a minute
// (features/auth/sessions.ts), so after a request at t the deadline lies between
// t + limit − 60 s and t + limit. The warning uses the earliest (never late); the check
// that the session has ended waits for the latest, and is a request itself only then —
// a request earlier would slide the deadline and keep an unattended session open.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { endpoints, type SessionIdle } from '@estran/contracts';
import { api, ApiFailure, apiActivity } from './api.ts';
import { formatTime } from './format.ts';
import { idleBounds, SLIDE_GRANULARITY_MS, type Known } from './idle-bounds.ts';
import { loginHref } from './return-path.ts';
import { useSession } from './session.tsx';

/** How long before the earliest deadline the warning shows (the shortest idle limit is 5 min). */
export const IDLE_WARNING_MS = 2 * 60_000;
const TICK_MS = 5_000;

type Phase = 'quiet' | 'warning' | 'ended';

export function IdleWarning() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const location = useLocation();
  const id = useId();
  const [known, setKnown] = useState<Known | null>(null);
  const [phase, setPhase] = useState<Phase>('quiet');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const extendButton = useRef<HTMLButtonElement>(null);
  const endedText = useRef<HTMLParagraphElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const checking = useRef(false);

  const learn = useCallback((answer: SessionIdle, at: number) => setKnown(idleBounds(answer, at, at)), []);

  // What the server says when the session opens (or changes).
  const sessionId = session?.csrfToken ?? null;
  useEffect(() => {
    if (!sessionId) return;
    let cancelled = false;
    const at = Date.now();
    api.call(endpoints.auth.sessionIdle).then(
      (answer) => {
        if (cancelled) return;
        learn(answer, at);
        setPhase('quiet');
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [sessionId, learn]);

  // Every answer of the server moves both bounds.
  useEffect(
    () =>
      apiActivity.subscribe((at) =>
        setKnown((k) => (k ? { ...k, earliest: Math.max(k.earliest, at + k.limitMs - SLIDE_GRANULARITY_MS), latest: Math.max(k.latest, at + k.limitMs) } : k)),
      ),
    [],
  );

  // The clock: warn before the earliest deadline, check after the latest.
  useEffect(() => {
    if (!known || phase === 'ended') return;
    const tick = () => {
      const now = Date.now();
      if (now >= known.latest + 2_000 && !checking.current) {
        checking.current = true;
        api.call(endpoints.auth.sessionIdle).then(
          (answer) => {
            // Still open: another tab kept it alive.
            learn(answer, Date.now());
            setPhase('quiet');
          },
          (e: unknown) => {
            if (e instanceof ApiFailure && e.status === 401) setPhase('ended');
          },
        ).finally(() => {
          checking.current = false;
        });
      } else if (now >= known.earliest - IDLE_WARNING_MS && now < known.latest) {
        setPhase((p) => {
          if (p === 'quiet') returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          return p === 'quiet' ? 'warning' : p;
        });
      } else if (now < known.earliest - IDLE_WARNING_MS) {
        setPhase((p) => (p === 'warning' ? 'quiet' : p));
      }
    };
    tick();
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  }, [known, phase, learn]);

  // The dialog takes focus when it appears (an alert dialog: RGAA 13.1, ARIA APG).
  useEffect(() => {
    if (phase === 'warning') extendButton.current?.focus();
    if (phase === 'ended') endedText.current?.focus();
  }, [phase]);

  const extend = async () => {
    setBusy(true);
    setError(null);
    try {
      const at = Date.now();
      learn(await api.call(endpoints.auth.extendSession, { body: {} }), at);
      setPhase('quiet');
      const back = returnFocus.current;
      returnFocus.current = null;
      if (back?.isConnected) back.focus();
      else document.querySelector<HTMLElement>('main h1')?.focus();
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 401) setPhase('ended');
      else setError(e instanceof ApiFailure ? e.message : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };

  if (!session || phase === 'quiet' || !known) return null;
  const here = `${location.pathname}${location.search}`;
  const timeZone = session.agent.tenant.timeZone;
  const minutes = Math.round(known.limitMs / 60_000);
  return (
    <div
      className="idle-warning"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && phase === 'warning') void extend();
      }}
    >
      {phase === 'warning' ? (
        <>
          <h2 id={`${id}-title`}>{t('idle.title')}</h2>
          <p id={`${id}-text`}>{t('idle.text', { time: formatTime(known.earliest, i18n.language, timeZone ? { timeZone } : {}), count: minutes })}</p>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button ref={extendButton} type="button" className="button primary" aria-disabled={busy || undefined} onClick={() => !busy && void extend()}>
              {t('idle.extend')}
            </button>
          </div>
        </>
      ) : (
        <>
          <h2 id={`${id}-title`}>{t('idle.endedTitle')}</h2>
          <p id={`${id}-text`} ref={endedText} tabIndex={-1}>
            {t('idle.ended', { count: minutes })}
          </p>
          <p>
            <a className="button primary" href={loginHref(here)}>
              {t('idle.login')}
            </a>
          </p>
        </>
      )}
    </div>
  );
}
