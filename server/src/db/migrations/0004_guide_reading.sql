-- Reading the guide: an agent's bookmarks and private notes, and their last visit (for
-- the "changed since your last visit" markers). Tenant-scoped, private to the agent.
CREATE TABLE guide_bookmarks (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  guide_id uuid NOT NULL REFERENCES guides (id) ON DELETE CASCADE,
  path text NOT NULL,
  note text CHECK (note IS NULL OR length(note) <= 4000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, agent_id, guide_id, path)
);

CREATE TABLE guide_visits (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  guide_id uuid NOT NULL REFERENCES guides (id) ON DELETE CASCADE,
  last_visit_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, agent_id, guide_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['guide_bookmarks', 'guide_visits'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())',
      t || '_tenant_isolation', t);
  END LOOP;
END $$;
