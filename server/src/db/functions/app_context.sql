-- The row-level-security context of the current transaction: every policy of every
-- tenant-scoped table reads it (migrations 0001, 0003–0005), db/client.ts sets it
-- (set_config('app.tenant_id' / 'app.scope', …, true): transaction-local), and the
-- functions that cross tenants (auth_login_begin, auth_login_complete,
-- purge_ended_sessions) set it themselves. Defined by migration 0001.

-- The tenant of the current transaction (set_config('app.tenant_id', …, true)), or NULL.
CREATE OR REPLACE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::uuid
$$;

-- True in the operator's scope (cross-tenant administration of the tenants table).
CREATE OR REPLACE FUNCTION app_is_operator() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('app.scope', true), '') = 'operator'
$$;
