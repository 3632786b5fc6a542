import { z } from 'zod';
import { role } from './org.ts';

/**
 * Device trust levels (ARCHITECTURE.md, security model). `bootstrap` is the level of the
 * one-time administrator link printed on first start, before a security key exists.
 */
export const trustLevels = ['managed', 'thin-client', 'personal', 'bootstrap'] as const;
export const trustLevel = z.enum(trustLevels);
export type TrustLevel = z.infer<typeof trustLevel>;

export const sessionInfo = z.object({
  agent: z.object({
    id: z.uuid(),
    displayName: z.string(),
    tenant: z.object({ id: z.uuid(), name: z.string(), operator: z.boolean() }),
    roles: z.array(role),
  }),
  trust: trustLevel,
  authenticatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const redeemEnrolmentBody = z.object({
  token: z.string().min(20).max(200),
});
