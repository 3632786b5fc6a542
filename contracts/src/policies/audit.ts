import type { Actor } from './admin.ts';

/**
 * Reading the audit trail (the viewer, its CSV export, the chain's verification):
 * administrators, and the data protection officer (RGPD art. 38-39: the DPO monitors
 * compliance and must be able to see who did what with personal data) — who need not
 * administer anything.
 */
export function canReadAudit(actor: Actor): boolean {
  return actor.roles.includes('admin') || actor.roles.includes('dpo');
}
