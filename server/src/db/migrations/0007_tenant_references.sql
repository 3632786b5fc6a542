-- A row refers to rows of its own tenant only (issue 15, finding 8), in the database and
-- not only in handlers: every foreign key from a tenant-scoped table to another gets a
-- composite twin (tenant_id, column) → (tenant_id, id). The single-column keys stay for
-- their ON DELETE behaviour; the twin refuses, say, a session of tenant A pointing at an
-- agent of tenant B even for a writer that sets both ids itself. (Citus will need these
-- too: tenant_id is its distribution column.)
--
-- References to `guides` are left alone: a guide with no tenant is shared by the operator,
-- and tenants' bookmarks, visits and packages point at it.
DO $$
DECLARE
  fk record;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND a.attname <> 'tenant_id'
       AND c.confrelid <> 'guides'::regclass
       AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.conrelid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
       AND EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.confrelid AND t.attname = 'tenant_id' AND NOT t.attisdropped)
     ORDER BY 1, 2
  LOOP
    -- The referenced table's (tenant_id, id), once per table.
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = fk.ref::regclass AND conname = fk.ref || '_tenant_id_id') THEN
      EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I UNIQUE (tenant_id, id)', fk.ref, fk.ref || '_tenant_id_id');
    END IF;
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (tenant_id, %I) REFERENCES %I (tenant_id, id)',
                   fk.tbl, left(fk.tbl || '_' || fk.col || '_same_tenant', 63), fk.col, fk.ref);
  END LOOP;
END $$;
