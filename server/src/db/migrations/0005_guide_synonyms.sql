-- The field's words and abbreviations that a guide's search treats as one (GuideSearch's
-- synonyms), editable per guide; no row: the default list (contracts defaultSynonyms).
-- Named exception to tenant isolation, like the guide a list belongs to: the list of a
-- guide the operator shares (tenant_id NULL) is read by every tenant and written by the
-- operator's scope only; a tenant's own guide's list by that tenant alone. Which agents
-- may write (administrators) is the application's rule (contracts canEditGuide).

-- A list carries its guide's tenant: (guide_id, tenant_id) must be a guide's, so a tenant
-- cannot attach a list of its own to the shared guide (nor to another tenant's guide).
ALTER TABLE guides ADD CONSTRAINT guides_id_tenant_id UNIQUE (id, tenant_id);

CREATE TABLE guide_synonyms (
  guide_id uuid PRIMARY KEY REFERENCES guides (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  -- [["RSA", "revenu de solidarité active"], …]: groups of 2+ phrases (checked by the API).
  groups jsonb NOT NULL CHECK (jsonb_typeof(groups) = 'array'),
  -- A fresh value at every write: each server node compares it with the one its in-memory
  -- search index was built with, and rebuilds the index when they differ.
  revision uuid NOT NULL DEFAULT gen_random_uuid(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (guide_id, tenant_id) REFERENCES guides (id, tenant_id) ON DELETE CASCADE
);

ALTER TABLE guide_synonyms ENABLE ROW LEVEL SECURITY;
ALTER TABLE guide_synonyms FORCE ROW LEVEL SECURITY;
CREATE POLICY guide_synonyms_read_own_or_shared ON guide_synonyms FOR SELECT
  USING (tenant_id IS NULL OR tenant_id = app_tenant_id() OR app_is_operator());
CREATE POLICY guide_synonyms_write_own_or_operator ON guide_synonyms FOR ALL
  USING (tenant_id = app_tenant_id() OR (tenant_id IS NULL AND app_is_operator()))
  WITH CHECK (tenant_id = app_tenant_id() OR (tenant_id IS NULL AND app_is_operator()));
