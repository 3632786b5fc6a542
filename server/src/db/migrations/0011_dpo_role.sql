-- The data protection officer (issue 17, audit viewer): a role that reads the audit trail
-- without administering the tenant (contracts/src/policies/audit.ts canReadAudit). The
-- roles CHECK of migration 0001 is replaced by one with the contracts' new list
-- (contracts/src/org/schemas.ts roles; db/check-constraints.test.ts compares them).
ALTER TABLE agents DROP CONSTRAINT agents_roles_check;
ALTER TABLE agents ADD CONSTRAINT agents_roles_check
  CHECK (roles <@ ARRAY['agent', 'manager', 'helpdesk', 'admin', 'alert_sender', 'dpo']::text[]);
