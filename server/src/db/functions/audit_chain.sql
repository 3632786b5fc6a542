-- The audit trail's hash chain (features/audit). Defined by migration 0001.
-- audit_event_hash: called by audit_append (writing) and by features/audit/verify-audit-chain.ts
-- (verifying, `estran audit verify` and the restore's check). audit_append: called by
-- features/audit/record-audit.ts (right before COMMIT, db/client.ts beforeCommit) and by
-- auth_login_complete (auth_login.sql).

-- The hash of one event: SHA-256 over the JSON array of the previous event's hash and
-- the event's fields (jsonb's text form is deterministic, and the array makes field
-- boundaries unambiguous). The same function writes and verifies the chain.
CREATE OR REPLACE FUNCTION audit_event_hash(
  prev_hash text, tenant_id uuid, seq bigint, id uuid, at timestamptz, actor_type text, actor_id uuid,
  action text, target_type text, target_id text, data jsonb, request_id text
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    'estran-audit-v1', prev_hash, tenant_id, seq, id,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_type, actor_id, action, target_type, target_id, data, request_id)::text, 'UTF8')), 'hex')
$$;

-- Appends a batch of events (a JSON array) to the current tenant's chain: locks the
-- chain head, hashes each event over the previous one (a loop: each hash needs the one
-- before), inserts them all in one statement (a bulk import's thousands of events cost one
-- insert, not one per event), moves the head. Called last in a transaction, so the head's
-- lock lasts one statement and the commit.
CREATE OR REPLACE FUNCTION audit_append(p_tenant uuid, p_events jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  first_seq bigint;
  head_seq bigint;
  head_hash text;
  prev_hashes text[] := '{}';
  hashes text[] := '{}';
  e jsonb;
  h text;
BEGIN
  INSERT INTO audit_heads (tenant_id, seq, hash) VALUES (p_tenant, 0, repeat('0', 64))
  ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
  RETURNING seq, hash INTO head_seq, head_hash;
  first_seq := head_seq;
  FOR e IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    head_seq := head_seq + 1;
    h := audit_event_hash(head_hash, p_tenant, head_seq, (e->>'id')::uuid, (e->>'at')::timestamptz, e->>'actorType',
                          (e->>'actorId')::uuid, e->>'action', e->>'targetType', e->>'targetId', e->'data', e->>'requestId');
    prev_hashes := prev_hashes || head_hash;
    hashes := hashes || h;
    head_hash := h;
  END LOOP;
  INSERT INTO audit_events (tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, data, request_id, prev_hash, hash)
  SELECT p_tenant, first_seq + ev.n, (ev.e->>'id')::uuid, (ev.e->>'at')::timestamptz, ev.e->>'actorType', (ev.e->>'actorId')::uuid,
         ev.e->>'action', ev.e->>'targetType', ev.e->>'targetId', ev.e->'data', ev.e->>'requestId', prev_hashes[ev.n], hashes[ev.n]
  FROM jsonb_array_elements(p_events) WITH ORDINALITY AS ev(e, n)
  ORDER BY ev.n;
  UPDATE audit_heads SET seq = head_seq, hash = head_hash WHERE tenant_id = p_tenant;
  RETURN head_seq;
END $$;
