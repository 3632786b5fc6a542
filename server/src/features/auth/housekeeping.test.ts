import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { authChallenges, sessions, throttleCounters } from '../../db/schema.ts';
import { sweepAuthTables } from './index.ts';

describe('auth housekeeping', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('drops expired challenges, spent counters and long-ended sessions, and keeps the live ones', async () => {
    const tenant = await makeTenant(database);
    const agent = await makeAgent(database, tenant.id);
    const live = await makeSession(database, tenant.id, agent.id);
    const old = await makeSession(database, tenant.id, agent.id);
    await database.tenant(tenant.id, (tx) =>
      tx.update(sessions).set({ revokedAt: sql`now() - interval '91 days'` }).where(eq(sessions.id, old.sessionId)),
    );
    await database.global(async (db) => {
      await db.insert(authChallenges).values([
        { challenge: 'expired-challenge-000000', purpose: 'login', expiresAt: new Date(Date.now() - 1000) },
        { challenge: 'live-challenge-00000000', purpose: 'login', expiresAt: new Date(Date.now() + 60_000) },
      ]);
      await db.insert(throttleCounters).values([
        { key: 'rate:192.0.2.1:1', failures: 3, lastFailureAt: new Date(Date.now() - 5 * 60_000) },
        { key: 'rate:192.0.2.1:now', failures: 3, lastFailureAt: new Date() },
        { key: 'addr:192.0.2.2', failures: 9, lastFailureAt: new Date(Date.now() - 2 * 3_600_000), blockedUntil: new Date(Date.now() - 3_000_000) },
        { key: 'addr:192.0.2.3', failures: 9, lastFailureAt: new Date(), blockedUntil: new Date(Date.now() + 60_000) },
      ]);
    });

    await sweepAuthTables(database);

    const challenges = await database.global((db) => db.select({ c: authChallenges.challenge }).from(authChallenges));
    assert.deepEqual(challenges.map((r) => r.c).sort(), ['live-challenge-00000000']);
    const counters = await database.global((db) => db.select({ k: throttleCounters.key }).from(throttleCounters));
    assert.deepEqual(counters.map((r) => r.k).sort(), ['addr:192.0.2.3', 'rate:192.0.2.1:now']);
    const left = await database.tenant(tenant.id, (tx) => tx.select({ id: sessions.id }).from(sessions));
    assert.deepEqual(left.map((r) => r.id), [live.sessionId]);
  });
});
