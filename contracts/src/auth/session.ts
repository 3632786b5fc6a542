import { z } from 'zod';
import { role } from '../org/schemas.ts';

/**
 * Device trust levels (ARCHITECTURE.md, security model). `bootstrap` is no longer given to
 * any session: it was the level of the first administrator's one-time link before security
 * keys existed, and that link now enrols a key (POST /api/auth/webauthn/register/*). The
 * value stays because migrations are append-only (the sessions.trust CHECK constraint still
 * lists it) and rows written before the change may carry it; nothing creates it any more.
 */
export const trustLevels = ['managed', 'thin-client', 'personal', 'bootstrap'] as const;
export const trustLevel = z.enum(trustLevels);
export type TrustLevel = z.infer<typeof trustLevel>;

/** How a session was opened (sessions.method); `bootstrap`, like the trust level, is kept for old rows. */
export const sessionMethods = ['bootstrap', 'security-key', 'password-totp'] as const;
export type SessionMethod = (typeof sessionMethods)[number];

export const sessionInfo = z.object({
  agent: z.object({
    id: z.uuid(),
    displayName: z.string(),
    tenant: z.object({
      id: z.uuid(),
      name: z.string(),
      operator: z.boolean(),
      timeZone: z.string().meta({ description: 'The organisation’s IANA time zone: dates are shown in it (issue 17)' }),
      logoUrl: z.string().nullable().meta({ description: 'The organisation’s logo for the shell, or null (issue 17)' }),
    }),
    roles: z.array(role),
  }),
  trust: trustLevel,
  authenticatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;
