-- Trigger function: refuses UPDATE, DELETE and TRUNCATE on audit_events, even for the
-- owner (the application role has no such grant either). Called by the triggers
-- audit_events_no_update and audit_events_no_truncate (migration 0001, which defines it).
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
