-- Foundation: the application role, tenancy helpers, the organisation model, the audit
-- trail, enrolment invitations and sessions. PostgreSQL 15+ (PGlite 0.5 is 18).

-- The role every query of the application runs as. It owns nothing, is not a superuser
-- and cannot bypass row-level security, so the forced policies below apply to it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'estran_app') THEN
    CREATE ROLE estran_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT estran_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO estran_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO estran_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO estran_app;
REVOKE ALL ON schema_migrations FROM estran_app;

-- The tenant of the current transaction (set_config('app.tenant_id', …, true)), or NULL.
CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
-- True in the operator's scope (cross-tenant administration of the tenants table).
CREATE FUNCTION app_is_operator() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('app.scope', true), '') = 'operator'
$$;

-- Tenants: a named global table. Each tenant sees its own row; the operator's scope
-- sees and writes all of them.
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('operator', 'departement', 'commune', 'intercommunalite', 'ccas')),
  is_operator boolean NOT NULL DEFAULT false,
  helpdesk_phone text,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tenants_single_operator ON tenants (is_operator) WHERE is_operator;
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_read_own ON tenants FOR SELECT USING (id = app_tenant_id() OR app_is_operator());
CREATE POLICY tenants_operator_insert ON tenants FOR INSERT WITH CHECK (app_is_operator());
CREATE POLICY tenants_operator_update ON tenants FOR UPDATE USING (app_is_operator()) WITH CHECK (app_is_operator());
CREATE POLICY tenants_operator_delete ON tenants FOR DELETE USING (app_is_operator());

-- Organisational units: a tree (direction → territorial unit → team).
CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_id uuid REFERENCES units (id) ON DELETE RESTRICT,
  kind text NOT NULL CHECK (kind IN ('direction', 'territorial', 'service', 'team')),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, code)
);
CREATE INDEX units_parent ON units (tenant_id, parent_id);

-- Sites: offices, permanence sites, telecentres.
CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  unit_id uuid REFERENCES units (id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('office', 'permanence', 'telecentre')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  street text,
  postal_code text,
  city text NOT NULL,
  shared_with_partners boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_unit ON sites (tenant_id, unit_id);
CREATE INDEX sites_name ON sites (tenant_id, name);

-- Agents: the people of a tenant.
CREATE TABLE agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 200),
  last_name text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  personal_email text,
  professional_phone text,
  mobile_phone text,
  component text NOT NULL CHECK (component IN ('administration', 'medico_social', 'child_welfare', 'insertion', 'general_social_work')),
  unit_id uuid REFERENCES units (id) ON DELETE SET NULL,
  site_id uuid REFERENCES sites (id) ON DELETE SET NULL,
  nomadic boolean NOT NULL DEFAULT false,
  roles text[] NOT NULL DEFAULT ARRAY['agent']::text[]
    CHECK (roles <@ ARRAY['agent', 'manager', 'helpdesk', 'admin', 'alert_sender']::text[]),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agents_email ON agents (tenant_id, lower(email));
CREATE INDEX agents_unit ON agents (tenant_id, unit_id);
CREATE INDEX agents_name ON agents (tenant_id, lower(last_name), lower(first_name));

-- Enrolment invitations: single use, expiring, bound to an agent. Only the SHA-256 of
-- the secret is stored.
CREATE TABLE enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  secret_hash bytea NOT NULL UNIQUE,
  purpose text NOT NULL CHECK (purpose IN ('first-admin', 'security-key')),
  created_by uuid REFERENCES agents (id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrolments_agent ON enrolments (tenant_id, agent_id);

-- Server-side sessions: the cookie holds `<tenant id>.<secret>`, the row the secret's
-- SHA-256. Trust level and time of the last strong authentication feed access rules.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  secret_hash bytea NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  trust text NOT NULL CHECK (trust IN ('managed', 'thin-client', 'personal', 'bootstrap')),
  authenticated_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_timeout_ms integer NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  user_agent text,
  ip text
);
CREATE INDEX sessions_agent ON sessions (tenant_id, agent_id);

-- The audit trail: append-only, hash-chained per tenant. Each row stores the hash of the
-- previous row of its tenant; audit_heads holds each chain's last (seq, hash) so that a
-- truncated tail is detected too, and its row lock orders concurrent writers.
CREATE TABLE audit_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
  seq bigint NOT NULL CHECK (seq > 0),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('agent', 'system', 'cli', 'service')),
  actor_id uuid,
  action text NOT NULL,
  target_type text,
  target_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_at ON audit_events (tenant_id, at DESC);
CREATE INDEX audit_events_target ON audit_events (tenant_id, target_type, target_id);

CREATE TABLE audit_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE RESTRICT,
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- The hash of one event: SHA-256 over the JSON array of the previous event's hash and
-- the event's fields (jsonb's text form is deterministic, and the array makes field
-- boundaries unambiguous). The same function writes and verifies the chain.
CREATE FUNCTION audit_event_hash(
  prev_hash text, tenant_id uuid, seq bigint, id uuid, at timestamptz, actor_type text, actor_id uuid,
  action text, target_type text, target_id text, data jsonb, request_id text
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    'estran-audit-v1', prev_hash, tenant_id, seq, id,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_type, actor_id, action, target_type, target_id, data, request_id)::text, 'UTF8')), 'hex')
$$;

-- Appends a batch of events (a JSON array) to the current tenant's chain: locks the
-- chain head, hashes each event over the previous one, inserts them, moves the head.
-- Called last in a transaction, so the head's lock lasts one statement and the commit.
CREATE FUNCTION audit_append(p_tenant uuid, p_events jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  e jsonb;
  h text;
BEGIN
  INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (p_tenant, 0, repeat('0', 64))
  ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
  RETURNING seq, hash INTO head_seq, head_hash;
  FOR e IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    head_seq := head_seq + 1;
    h := audit_event_hash(head_hash, p_tenant, head_seq, (e->>'id')::uuid, (e->>'at')::timestamptz, e->>'actorType',
                          (e->>'actorId')::uuid, e->>'action', e->>'targetType', e->>'targetId', e->'data', e->>'requestId');
    INSERT INTO audit_events (tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, data, request_id, prev_hash, hash)
    VALUES (p_tenant, head_seq, (e->>'id')::uuid, (e->>'at')::timestamptz, e->>'actorType', (e->>'actorId')::uuid, e->>'action',
            e->>'targetType', e->>'targetId', e->'data', e->>'requestId', head_hash, h);
    head_hash := h;
  END LOOP;
  UPDATE audit_heads SET seq = head_seq, hash = head_hash WHERE tenant_id = p_tenant;
  RETURN head_seq;
END $$;

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM estran_app;
REVOKE DELETE, TRUNCATE ON audit_heads FROM estran_app;

-- Tenant isolation on every tenant-scoped table: forced RLS, one policy, the same rule.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['units', 'sites', 'agents', 'enrolments', 'sessions', 'audit_events', 'audit_heads'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())',
      t || '_tenant_isolation', t);
  END LOOP;
END $$;
