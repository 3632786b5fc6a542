// The live-session gauge, refreshed when scraped: one operator transaction counting
// each tenant's sessions (auth's countActiveSessions), at most every few seconds per
// database however many scrapers there are.
import type { Database } from '../../db/client.ts';
import { sessionsActive } from '../../platform/metrics.ts';
import { countActiveSessions } from '../auth/index.ts';

const CACHE_MS = 5_000;
const last = new WeakMap<Database, { at: number; pending: Promise<void> }>();

export function refreshSessionGauge(database: Database): Promise<void> {
  const cached = last.get(database);
  if (cached && performance.now() - cached.at < CACHE_MS) return cached.pending;
  const pending = countActiveSessions(database).then((counts) => {
    sessionsActive.reset();
    for (const c of counts) sessionsActive.set({ tenant: c.tenantSlug }, c.sessions);
  });
  last.set(database, { at: performance.now(), pending });
  pending.catch(() => last.delete(database)); // a failed count is retried at the next scrape
  return pending;
}
