import type { Actor } from './admin.ts';

/** The helpdesk console: helpdesk agents and administrators. */
export function canUseHelpdesk(actor: Actor): boolean {
  return actor.roles.includes('helpdesk') || actor.roles.includes('admin');
}

/**
 * Unblocking, revoking keys, issuing enrolments: never on one's own account
 * (separation of duties: a suspended helpdesk agent calls a colleague).
 */
export function canActOnAgent(actor: Actor & { agentId: string }, targetAgentId: string): boolean {
  return canUseHelpdesk(actor) && actor.agentId !== targetAgentId;
}
