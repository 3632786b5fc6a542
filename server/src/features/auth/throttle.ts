// Throttling shared by all server nodes (counters in the database, a named global
// table). Two mechanisms:
//  - growing delays on repeated failures of one key (an account, an address): past a
//    few free failures, each further failure blocks the key for 2^n seconds, capped
//    (ANSSI, "Recommandations relatives à l'authentification multifacteur et aux mots de
//    passe", R29: slow down repeated failures rather than lock accounts outsiders name);
//  - a per-address ceiling of requests per minute on every auth endpoint.
import { sql } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/query-rows.ts';
import { throttled } from '../../platform/http-errors.ts';

export const throttleKeys = {
  address: (ip: string) => `addr:${ip}`,
  /** The per-minute request counter of an address. */
  rate: (ip: string) => `rate:${ip}:${Math.floor(Date.now() / 60_000)}`,
  account: (tenantId: string, login: string) => `acct:${tenantId}:${login.toLowerCase()}`,
  accountAddress: (tenantId: string, login: string, ip: string) => `acct-addr:${tenantId}:${login.toLowerCase()}:${ip}`,
};

/**
 * Throws 429 when any key is blocked, or when the address exceeds its per-minute
 * ceiling. One autocommit statement: the counter's row lock lasts that statement only.
 */
export async function checkThrottle(
  database: Database,
  input: { keys: string[]; address: string; perMinute: number },
): Promise<void> {
  const [row] = await database.prepared<{ wait: number }>(
    'throttle_wait',
    'select throttle_wait($1::text[], $2, $3) as wait',
    [input.keys, throttleKeys.rate(input.address), input.perMinute],
  );
  if (row && row.wait > 0) throw throttled(row.wait);
}

/** Counts a failure against each key; returns the longest block now in force (seconds). */
export async function recordThrottleFailure(database: Database, keys: string[]): Promise<number> {
  let longest = 0;
  for (const key of keys) {
    const [row] = await database.global((db) => queryRows<{ blocked_for: number | null }>(
      db,
      sql`insert into throttle_counters (key, failures, last_failure_at, blocked_until)
          values (${key}, 1, now(), null)
          on conflict (key) do update set
            -- a quiet hour forgives earlier failures
            failures = case when throttle_counters.last_failure_at < now() - interval '1 hour' then 1
                            else throttle_counters.failures + 1 end,
            last_failure_at = now(),
            blocked_until = case
              when (case when throttle_counters.last_failure_at < now() - interval '1 hour' then 1
                         else throttle_counters.failures + 1 end) > ${limits.throttleFreeFailures}
              then now() + least(
                     make_interval(secs => power(2, (throttle_counters.failures + 1 - ${limits.throttleFreeFailures}))::double precision),
                     make_interval(secs => ${limits.throttleMaxDelayMs / 1000}))
              else null end
          returning ceil(extract(epoch from blocked_until - now()))::int as blocked_for`,
    ));
    longest = Math.max(longest, row?.blocked_for ?? 0);
  }
  return longest;
}

export async function clearThrottle(tx: Tx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(sql`delete from throttle_counters where key = any(${sql`array[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`})`);
}

/** Drops per-minute counters older than two minutes and forgiven failure counters. */
export async function pruneThrottle(database: Database): Promise<void> {
  await database.global((db) =>
    db.execute(sql`delete from throttle_counters
                   where (key like 'rate:%' and last_failure_at < now() - interval '2 minutes')
                      or (key not like 'rate:%' and last_failure_at < now() - interval '1 hour'
                          and (blocked_until is null or blocked_until < now()))`),
  );
}
