// The audit trail's vocabulary shared with the database (audit_events.actor_type; the
// CHECK constraint of migration 0001, compared by server/src/db/check-constraints.test.ts).

/** Who acted: an agent's session, the server itself, the `estran` command, a service token. */
export const auditActorTypes = ['agent', 'system', 'cli', 'service'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];
