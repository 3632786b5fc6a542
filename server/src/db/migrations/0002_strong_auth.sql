-- Strong authentication: security keys (WebAuthn), password + TOTP for personal
-- computers, three strikes and suspension, helpdesk unblock codes, managed devices,
-- service tokens, and the few global tables read before a tenant is known.

-- Agents: consecutive failures the server saw, and the suspension they led to.
ALTER TABLE agents
  ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN suspended_at timestamptz,
  ADD COLUMN suspension_reason text,
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN lockouts integer NOT NULL DEFAULT 0;

-- Security keys and passkeys. credential_id is the authenticator's id, base64url.
CREATE TABLE webauthn_credentials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  credential_id text NOT NULL UNIQUE,
  public_key bytea NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  aaguid text,
  device_type text,
  backed_up boolean NOT NULL DEFAULT false,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES agents (id) ON DELETE SET NULL,
  revoked_reason text
);
CREATE INDEX webauthn_credentials_agent ON webauthn_credentials (tenant_id, agent_id);

-- Named global exception 1: credential id → tenant, read before login (a security key
-- holds a discoverable credential; login starts with no identifier). Anyone may look a
-- credential id up; only its own tenant writes or removes its entries.
CREATE TABLE credential_directory (
  credential_id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);

-- Named global exception 2: professional e-mail → tenant, for the password + TOTP login
-- of personal computers. Kept by a trigger on agents; a professional e-mail belongs to
-- one tenant.
CREATE TABLE login_directory (
  login text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);

CREATE FUNCTION agents_login_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM login_directory WHERE login = lower(OLD.email) AND tenant_id = OLD.tenant_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO login_directory (login, tenant_id) VALUES (lower(NEW.email), NEW.tenant_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER agents_login_directory AFTER INSERT OR DELETE OR UPDATE OF email ON agents
  FOR EACH ROW EXECUTE FUNCTION agents_login_directory();
INSERT INTO login_directory (login, tenant_id) SELECT lower(email), tenant_id FROM agents;

-- Named global exception 3: WebAuthn challenges. Single use, short-lived; a login
-- challenge exists before any tenant is known and is found again from the response's
-- clientDataJSON.
CREATE TABLE auth_challenges (
  challenge text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('login', 'register')),
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid REFERENCES agents (id) ON DELETE CASCADE,
  enrolment_id uuid REFERENCES enrolments (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX auth_challenges_expiry ON auth_challenges (expires_at);

-- Named global exception 4: throttling counters, shared by all server nodes, keyed by
-- what is throttled (an address, an account) before or regardless of tenant.
CREATE TABLE throttle_counters (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz
);

-- Password (Argon2id) and TOTP secret (RFC 6238) for personal computers without a key.
CREATE TABLE password_credentials (
  agent_id uuid PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE totp_credentials (
  agent_id uuid PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  secret text NOT NULL,
  last_used_step bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Helpdesk unblock codes: single use, 15 minutes, void after 3 wrong tries.
CREATE TABLE unblock_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL,
  issued_by uuid NOT NULL REFERENCES agents (id),
  identity_check jsonb NOT NULL,
  delivery text NOT NULL CHECK (delivery IN ('read-out', 'sms')),
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  voided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unblock_codes_agent ON unblock_codes (tenant_id, agent_id);

-- Devices of the fleet: a managed laptop or a thin client presents its device
-- credential (an HttpOnly cookie installed when it was registered).
CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('managed', 'thin-client')),
  secret_hash bytea UNIQUE,
  assigned_agent_id uuid REFERENCES agents (id) ON DELETE SET NULL,
  registered_at timestamptz,
  stolen_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE sessions ADD COLUMN device_id uuid REFERENCES devices (id) ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN method text NOT NULL DEFAULT 'bootstrap'
  CHECK (method IN ('bootstrap', 'security-key', 'password-totp'));
ALTER TABLE sessions ADD COLUMN credential_id uuid REFERENCES webauthn_credentials (id) ON DELETE SET NULL;
CREATE INDEX sessions_device ON sessions (tenant_id, device_id);

-- Service accounts for integrations: hashed bearer tokens, scoped, expiring, revocable.
CREATE TABLE service_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  secret_hash bytea NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_by uuid REFERENCES agents (id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE enrolments ADD COLUMN used_credential_id uuid REFERENCES webauthn_credentials (id) ON DELETE SET NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webauthn_credentials', 'password_credentials', 'totp_credentials', 'unblock_codes', 'devices', 'service_tokens'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())',
      t || '_tenant_isolation', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['credential_directory', 'login_directory', 'auth_challenges', 'throttle_counters'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  END LOOP;
END $$;

-- Directories: readable by anyone (the lookup before login), written by the tenant the
-- entry points to.
CREATE POLICY credential_directory_lookup ON credential_directory FOR SELECT USING (true);
CREATE POLICY credential_directory_own_insert ON credential_directory FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY credential_directory_own_delete ON credential_directory FOR DELETE USING (tenant_id = app_tenant_id());
CREATE POLICY login_directory_lookup ON login_directory FOR SELECT USING (true);
CREATE POLICY login_directory_own_insert ON login_directory FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
CREATE POLICY login_directory_own_delete ON login_directory FOR DELETE USING (tenant_id = app_tenant_id());
-- Challenges: created and consumed before a tenant is known; a challenge bound to a
-- tenant (registration) is only consumed in that tenant or before login.
CREATE POLICY auth_challenges_issue ON auth_challenges FOR INSERT
  WITH CHECK (tenant_id IS NULL OR tenant_id = app_tenant_id());
CREATE POLICY auth_challenges_read ON auth_challenges FOR SELECT
  USING (tenant_id IS NULL OR app_tenant_id() IS NULL OR tenant_id = app_tenant_id());
CREATE POLICY auth_challenges_consume ON auth_challenges FOR DELETE
  USING (tenant_id IS NULL OR app_tenant_id() IS NULL OR tenant_id = app_tenant_id());
-- Throttling counters: keys are addresses and accounts, not personal data of a tenant.
CREATE POLICY throttle_counters_all ON throttle_counters USING (true) WITH CHECK (true);

-- Invitations may also set up a password and a TOTP app (personal computers).
ALTER TABLE enrolments DROP CONSTRAINT enrolments_purpose_check;
ALTER TABLE enrolments ADD CONSTRAINT enrolments_purpose_check
  CHECK (purpose IN ('first-admin', 'security-key', 'password-totp'));
