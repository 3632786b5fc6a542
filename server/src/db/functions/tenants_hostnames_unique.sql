-- Trigger function: a host name belongs to one tenant at most (migration 0012 defines it
-- and the trigger tenants_hostnames_unique on tenants; features/org/update-organisation.ts
-- turns its unique_violation into a 409). It reads every tenant, which the writer's scope
-- (the operator's) sees; an advisory lock serialises two concurrent writers (host names
-- change rarely).
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
