-- Sessions that ended (expired or revoked) long ago, across tenants: housekeeping runs
-- outside any tenant, so this narrow function sets each tenant's context in turn.
-- Called by features/auth/housekeeping.ts (the periodic housekeeping of every node).
-- Defined by migration 0002.
CREATE OR REPLACE FUNCTION purge_ended_sessions(p_after interval) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t uuid;
  n integer := 0;
  k integer;
BEGIN
  PERFORM set_config('app.scope', 'operator', true); -- to list the tenants
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    DELETE FROM sessions
     WHERE tenant_id = t AND coalesce(revoked_at, expires_at) < now() - p_after;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
  PERFORM set_config('app.scope', '', true);
  RETURN n;
END $$;
