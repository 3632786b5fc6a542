-- The security-key login's hot path, three statements (bench/login.ts), called by
-- features/auth/webauthn-login.ts as named prepared statements (Database.prepared),
-- autocommit. Defined by migration 0002.

-- Options: the address's per-minute ceiling and growing delay, then the challenge.
-- Returns the seconds to wait (0: the challenge was stored).
CREATE OR REPLACE FUNCTION auth_login_options(p_challenge text, p_address_key text, p_rate_key text, p_per_minute integer, p_ttl_ms integer)
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
CREATE OR REPLACE FUNCTION auth_login_begin(p_challenge text, p_credential text, p_address_key text, p_rate_key text,
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
CREATE OR REPLACE FUNCTION auth_login_complete(p_tenant uuid, p_credential uuid, p_old_counter bigint, p_new_counter bigint,
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
