-- Trigger function: keeps login_directory (professional e-mail → tenant, the named global
-- table the password + TOTP login reads before a tenant is known) in step with agents.
-- Called by the trigger agents_login_directory on agents (migration 0002, which defines it).
CREATE OR REPLACE FUNCTION agents_login_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM login_directory WHERE login = lower(OLD.email) AND tenant_id = OLD.tenant_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO login_directory (login, tenant_id) VALUES (lower(NEW.email), NEW.tenant_id);
  END IF;
  RETURN NULL;
END $$;
