import { z } from 'zod';

/**
 * The current session's idle deadline (RGAA 13.1: the agent is warned before it and may
 * extend it). `idleRemainingMs` is the server's own count, so a client whose clock is off
 * still warns in time; `idleExpiresAt` says the same as a moment. Any authenticated
 * request slides the deadline (at most one write a minute: features/auth/sessions.ts), so
 * the deadline read here is at least `idleTimeoutMs - 60 s` after the agent's last request.
 */
export const sessionIdle = z.object({
  idleTimeoutMs: z.number().int().positive().meta({ description: 'The session’s idle limit (the tenant’s setting when it was opened)' }),
  idleRemainingMs: z.number().int().min(0).meta({ description: 'Time left before the session ends for inactivity' }),
  idleExpiresAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().meta({ description: 'The absolute end of the session, which no activity moves' }),
});
export type SessionIdle = z.infer<typeof sessionIdle>;
