-- Throttling in one statement: counts this request against the address's per-minute
-- ceiling and returns the seconds to wait (0: go on) — the longest growing delay in force
-- on any of the keys, or the rest of the minute past the ceiling.
-- Called by features/auth/throttle.ts (checkThrottle: every auth endpoint) and by
-- auth_login_options and auth_login_begin (auth_login.sql). Defined by migration 0002.
CREATE OR REPLACE FUNCTION throttle_wait(p_keys text[], p_rate_key text, p_per_minute integer)
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
