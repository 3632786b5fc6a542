-- The organisation edited by its administrator (issue 17): the `syndicat` kind for
-- mutualisation syndicates (contracts/src/org/schemas.ts tenantKinds; the kind CHECK of
-- migration 0001 is replaced, db/check-constraints.test.ts compares them), the time zone
-- dates are shown in (IANA name, checked by the API against Intl.supportedValuesOf), the
-- logo (the image's bytes, its type recognised from them: PNG, JPEG or WebP, never SVG;
-- the size limit is contracts' organisationLogoMaxBytes, the database keeps a ceiling),
-- and the host names whose login page shows the organisation (set by the operator).
--
-- Nothing mapped a host to a tenant before: the login page showed the operator's name.
-- `hostnames` is that map, lower-case names without a port, each belonging to one tenant
-- at most (the trigger below; its current text is db/functions/tenants_hostnames_unique.sql).
ALTER TABLE tenants DROP CONSTRAINT tenants_kind_check;
ALTER TABLE tenants ADD CONSTRAINT tenants_kind_check
  CHECK (kind IN ('operator', 'departement', 'commune', 'intercommunalite', 'ccas', 'syndicat'));

ALTER TABLE tenants ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Paris'
  CHECK (length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE tenants ADD COLUMN logo bytea CHECK (octet_length(logo) <= 1048576);
ALTER TABLE tenants ADD COLUMN logo_type text CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/webp'));
ALTER TABLE tenants ADD COLUMN logo_updated_at timestamptz;
ALTER TABLE tenants ADD CONSTRAINT tenants_logo_complete
  CHECK ((logo IS NULL) = (logo_type IS NULL) AND (logo IS NULL) = (logo_updated_at IS NULL));
ALTER TABLE tenants ADD COLUMN hostnames text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(hostnames) <= 10 AND array_position(hostnames, NULL) IS NULL);
CREATE INDEX tenants_hostnames ON tenants USING gin (hostnames);

-- One owner per host name: a row whose names overlap another's is refused. The check reads
-- every tenant, which the writer's scope (the operator's) sees; an advisory lock
-- serialises two concurrent writers (host names change rarely).
CREATE OR REPLACE FUNCTION tenants_hostnames_unique() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(NEW.hostnames) = 0 THEN
    RETURN NEW;
  END IF;
  -- Two writers at once: the second waits here, then sees the first's names (a new
  -- snapshot per statement under READ COMMITTED).
  PERFORM pg_advisory_xact_lock(hashtext('tenants_hostnames'));
  IF EXISTS (SELECT 1 FROM tenants t WHERE t.id <> NEW.id AND t.hostnames && NEW.hostnames) THEN
    RAISE EXCEPTION 'host name already belongs to another tenant' USING ERRCODE = '23505', CONSTRAINT = 'tenants_hostnames_unique';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tenants_hostnames_unique BEFORE INSERT OR UPDATE OF hostnames ON tenants
  FOR EACH ROW EXECUTE FUNCTION tenants_hostnames_unique();
