import { z } from 'zod';
import { limits } from '../limits.ts';
import { text } from '../text.ts';

// Service tokens: integrations calling the API with a bearer token holding scopes.

/** `metrics:read` opens /metrics, for a token of the operator's tenant only (it covers every tenant). */
export const serviceScopes = ['guide:read', 'alerts:send', 'stats:read', 'org:read', 'metrics:read'] as const;
export const serviceScope = z.enum(serviceScopes);
export type ServiceScope = z.infer<typeof serviceScope>;

/** A service token as the admin area lists it (never its secret). */
export const serviceToken = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(serviceScope),
  expiresAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type ServiceToken = z.infer<typeof serviceToken>;

export const createServiceTokenBody = z.object({
  name: text().trim().min(1).max(100),
  scopes: z.array(serviceScope).min(1),
  expiresInDays: z.number().int().min(1).max(limits.serviceTokenMaxDays).default(90),
});
export type CreateServiceTokenBody = z.infer<typeof createServiceTokenBody>;

/** A token just created: its secret, shown once. */
export const createdServiceToken = serviceToken.extend({ token: z.string() });
export type CreatedServiceToken = z.infer<typeof createdServiceToken>;

export const serviceTokenList = z.object({ items: z.array(serviceToken) });
export type ServiceTokenList = z.infer<typeof serviceTokenList>;

/** Who is calling: an agent's session or a service token. */
export const whoami = z.object({ kind: z.enum(['agent', 'service']), tenantId: z.uuid(), id: z.uuid() });
export type Whoami = z.infer<typeof whoami>;
