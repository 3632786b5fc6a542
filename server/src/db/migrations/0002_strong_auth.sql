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
-- clientDataJSON. UNLOGGED: no WAL, so writing one does not wait for a disk flush; a
-- crash or a fail-over empties the table, which costs a login a retry, nothing more.
CREATE UNLOGGED TABLE auth_challenges (
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
-- UNLOGGED like the challenges: a crash or fail-over resets the counters (README,
-- security trade-offs); every request would otherwise wait for a WAL flush.
CREATE UNLOGGED TABLE throttle_counters (
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
  -- the one-time registration link's hash, then the device's own credential's hash
  registration_hash bytea UNIQUE,
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

-- Throttling in one statement: counts this request against the address's per-minute
-- ceiling and returns the seconds to wait (0: go on) — the longest growing delay in force
-- on any of the keys, or the rest of the minute past the ceiling.
CREATE FUNCTION throttle_wait(p_keys text[], p_rate_key text, p_per_minute integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  hits integer;
  wait integer;
BEGIN
  INSERT INTO throttle_counters (key, failures, last_failure_at) VALUES (p_rate_key, 1, now())
  ON CONFLICT (key) DO UPDATE SET failures = throttle_counters.failures + 1
  RETURNING failures INTO hits;
  SELECT max(ceil(extract(epoch FROM blocked_until - now())))::integer INTO wait
  FROM throttle_counters WHERE key = ANY (p_keys) AND blocked_until > now();
  IF wait > 0 THEN RETURN wait; END IF;
  IF hits > p_per_minute THEN RETURN 60 - (extract(epoch FROM now())::integer % 60); END IF;
  RETURN 0;
END $$;

-- The security-key login's hot path, three statements (bench/login.ts):

-- Options: the address's per-minute ceiling and growing delay, then the challenge.
-- Returns the seconds to wait (0: the challenge was stored).
CREATE FUNCTION auth_login_options(p_challenge text, p_address_key text, p_rate_key text, p_per_minute integer, p_ttl_ms integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  wait integer := throttle_wait(ARRAY[p_address_key], p_rate_key, p_per_minute);
BEGIN
  IF wait > 0 THEN RETURN wait; END IF;
  INSERT INTO auth_challenges (challenge, purpose, expires_at)
  VALUES (p_challenge, 'login', now() + make_interval(secs => p_ttl_ms / 1000.0));
  RETURN 0;
END $$;

-- Verify, part one: throttling, the challenge consumed, the credential's tenant from the
-- directory, then — in that tenant's row-level-security context, set for this statement's
-- transaction only — the key, its agent, the tenant's policy and the presented device.
CREATE FUNCTION auth_login_begin(p_challenge text, p_credential text, p_address_key text, p_rate_key text,
                                 p_per_minute integer, p_device_hash bytea)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  wait integer := throttle_wait(ARRAY[p_address_key], p_rate_key, p_per_minute);
  t uuid;
  result jsonb;
BEGIN
  IF wait > 0 THEN RETURN jsonb_build_object('wait', wait); END IF;
  DELETE FROM auth_challenges WHERE challenge = p_challenge AND purpose = 'login' AND expires_at > now();
  IF NOT FOUND THEN RETURN jsonb_build_object('consumed', false); END IF;
  SELECT tenant_id INTO t FROM credential_directory WHERE credential_id = p_credential;
  IF t IS NULL THEN RETURN jsonb_build_object('consumed', true); END IF;
  PERFORM set_config('app.tenant_id', t::text, true);
  SELECT jsonb_build_object(
           'consumed', true,
           'tenantId', t,
           'credential', jsonb_build_object('id', c.id, 'credentialId', c.credential_id, 'publicKey', encode(c.public_key, 'base64'),
                                            'counter', c.counter, 'transports', c.transports, 'revoked', c.revoked_at IS NOT NULL),
           'agent', jsonb_build_object('id', a.id, 'firstName', a.first_name, 'lastName', a.last_name, 'roles', a.roles,
                                       'status', a.status, 'failedAttempts', a.failed_attempts, 'lockedUntil', a.locked_until),
           'tenant', jsonb_build_object('name', tn.name, 'isOperator', tn.is_operator, 'helpdeskPhone', tn.helpdesk_phone,
                                        'settings', tn.settings),
           'device', (SELECT jsonb_build_object('id', d.id, 'kind', d.kind, 'revoked', d.stolen_at IS NOT NULL OR d.revoked_at IS NOT NULL)
                      FROM devices d WHERE p_device_hash IS NOT NULL AND d.secret_hash = p_device_hash AND d.registered_at IS NOT NULL))
    INTO result
    FROM webauthn_credentials c
    JOIN agents a ON a.id = c.agent_id
    JOIN tenants tn ON tn.id = c.tenant_id
   WHERE c.credential_id = p_credential;
  RETURN coalesce(result, jsonb_build_object('consumed', true));
END $$;

-- Verify, part two, once the signature is good: the counter moves forward (only if no
-- other login moved it meanwhile: a cloned key racing), strikes are cleared, the session
-- is created and the events appended to the audit chain — one durable transaction.
-- Returns false when the counter had moved (the caller counts a strike).
CREATE FUNCTION auth_login_complete(p_tenant uuid, p_credential uuid, p_old_counter bigint, p_new_counter bigint,
                                    p_agent uuid, p_session jsonb, p_events jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.tenant_id', p_tenant::text, true);
  UPDATE webauthn_credentials SET counter = p_new_counter, last_used_at = now()
   WHERE id = p_credential AND counter = p_old_counter;
  IF NOT FOUND THEN RETURN false; END IF;
  UPDATE agents SET failed_attempts = 0 WHERE id = p_agent AND failed_attempts <> 0;
  INSERT INTO sessions (id, tenant_id, agent_id, secret_hash, csrf_token, trust, authenticated_at, idle_timeout_ms,
                        expires_at, user_agent, ip, device_id, method, credential_id)
  VALUES ((p_session->>'id')::uuid, p_tenant, p_agent, decode(p_session->>'secretHash', 'hex'), p_session->>'csrfToken',
          p_session->>'trust', now(), (p_session->>'idleTimeoutMs')::integer, (p_session->>'expiresAt')::timestamptz,
          p_session->>'userAgent', p_session->>'ip', (p_session->>'deviceId')::uuid, 'security-key', p_credential);
  PERFORM audit_append(p_tenant, p_events);
  RETURN true;
END $$;

-- Sessions that ended (expired or revoked) long ago, across tenants: housekeeping runs
-- outside any tenant, so this narrow function sets each tenant's context in turn.
CREATE FUNCTION purge_ended_sessions(p_after interval) RETURNS integer LANGUAGE plpgsql AS $$
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
