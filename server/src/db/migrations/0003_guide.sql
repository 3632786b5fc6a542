-- The reference guide: guides (per tenant, or shared by the operator with all tenants),
-- the packages applied to them (an edition, then update bulletins), and every version
-- of every article and section with the dates it was in force.

-- Named exception to tenant isolation: a guide with no tenant is shared by the operator.
-- Every tenant reads it; only the operator's scope writes it.
CREATE TABLE guides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (tenant_id, slug)
);

CREATE TABLE guide_packages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  guide_id uuid NOT NULL REFERENCES guides (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('edition', 'update')),
  published date NOT NULL,
  follows date,
  "references" jsonb NOT NULL DEFAULT '[]'::jsonb,
  report jsonb NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (guide_id, published)
);

-- One row per version: valid_from inclusive, valid_to exclusive (NULL: in force now).
CREATE TABLE guide_documents (
  guide_id uuid NOT NULL REFERENCES guides (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  path text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('article', 'section')),
  number text,
  heading text NOT NULL,
  body text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  package_id uuid NOT NULL REFERENCES guide_packages (id) ON DELETE CASCADE,
  PRIMARY KEY (guide_id, path, valid_from),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX guide_documents_current ON guide_documents (guide_id, path) WHERE valid_to IS NULL;
CREATE INDEX guide_documents_package ON guide_documents (package_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['guides', 'guide_packages', 'guide_documents'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I FOR SELECT USING (tenant_id IS NULL OR tenant_id = app_tenant_id() OR app_is_operator())',
      t || '_read_own_or_shared', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I FOR ALL USING (tenant_id = app_tenant_id() OR (tenant_id IS NULL AND app_is_operator())) WITH CHECK (tenant_id = app_tenant_id() OR (tenant_id IS NULL AND app_is_operator()))',
      t || '_write_own_or_operator', t);
  END LOOP;
END $$;
