-- Agents created and edited by an administrator (issue 17): the identifier in the
-- organisation's directory (a matricule, an LDAP uid), unique in the tenant when given, so
-- an import or a directory sync finds the agent again after a change of e-mail.
ALTER TABLE agents ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX agents_external_id ON agents (tenant_id, external_id) WHERE external_id IS NOT NULL;
