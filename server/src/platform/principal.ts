// Who is calling, defined once (issue 16): an agent's session or an integration's service
// token. Every guard sets `request.principal` (features/auth requireSession,
// features/service-tokens requireScope); policies read its roles, access rules its trust
// and last strong authentication, and the audit trail derives its actor from it.
// Lives in platform/ so that the Fastify type declarations (types/fastify.d.ts) and every
// feature import it without a cycle through the features.
import type { Role, TrustLevel } from '@estran/contracts';

/** An agent's session, as loaded for a request (features/auth/sessions.ts). */
export type AgentSession = {
  sessionId: string;
  tenantId: string;
  tenantName: string;
  /** The tenant's IANA time zone and when its logo last changed (null: none); loadSession reads them (issue 17). */
  tenantTimeZone?: string;
  tenantLogoUpdatedAt?: Date | null;
  /** The agent's tenant is the operator (administers the member organisations). */
  operator: boolean;
  agentId: string;
  displayName: string;
  roles: Role[];
  /** The device's trust level when the session was opened. */
  trust: TrustLevel;
  /** How the session was opened: a key, or a password and a TOTP code. */
  method: 'bootstrap' | 'security-key' | 'password-totp';
  /** The last strong authentication (a key touched with its PIN, or password + TOTP). */
  authenticatedAt: Date;
  expiresAt: Date;
  csrfToken: string;
};

export type AgentPrincipal = { kind: 'agent' } & AgentSession;
export type ServicePrincipal = { kind: 'service'; tenantId: string; tokenId: string };
export type Principal = AgentPrincipal | ServicePrincipal;

/** Who an audit event names as its author. */
export type AuditActor = { type: 'agent'; id: string } | { type: 'service'; id: string } | { type: 'system' } | { type: 'cli' };

export function agentPrincipal(session: AgentSession): AgentPrincipal {
  return { kind: 'agent', ...session };
}

/** The audit actor of a principal: the agent, or the service token. */
export function auditActor(principal: Principal): AuditActor {
  return principal.kind === 'agent' ? { type: 'agent', id: principal.agentId } : { type: 'service', id: principal.tokenId };
}

/** The agent behind a principal, or null for a service token. */
export function agentIdOf(principal: Principal): string | null {
  return principal.kind === 'agent' ? principal.agentId : null;
}
