// The bounds of a session's idle deadline as the client knows them (lib/IdleWarning.tsx).
// After a request at t the server has slid the deadline to t + limit, but writes the slide
// at most once a minute (server features/auth/sessions.ts): the deadline lies between
// t + limit − 60 s and t + limit, and never before what the server last said.
import type { SessionIdle } from '@estran/contracts';

/** The server writes the slide of the idle deadline at most once a minute. */
export const SLIDE_GRANULARITY_MS = 60_000;

export type Known = { limitMs: number; earliest: number; latest: number };

/** The deadline's bounds after `answer` (read at `at`) and activity up to `last`. */
export function idleBounds(answer: Pick<SessionIdle, 'idleTimeoutMs' | 'idleRemainingMs'>, at: number, last: number): Known {
  const told = at + answer.idleRemainingMs;
  return {
    limitMs: answer.idleTimeoutMs,
    earliest: Math.max(told, last + answer.idleTimeoutMs - SLIDE_GRANULARITY_MS),
    latest: Math.max(told, last + answer.idleTimeoutMs),
  };
}
