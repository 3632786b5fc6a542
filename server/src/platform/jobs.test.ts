// The durable job runner on the real database (PGlite, or PostgreSQL with DATABASE_URL):
// pg-boss runs over the application role's connection on the schema migration 0014 made.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../test/index.ts';
import type { Database } from '../db/client.ts';
import { JobRunner } from './jobs.ts';
import { createLogger } from './logger.ts';

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('durable jobs (pg-boss on the application role)', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('is not started until something queues, works or schedules', async () => {
    const runner = new JobRunner(database, createLogger('silent'));
    assert.equal(runner.started, false);
    assert.equal(await runner.hasSchedules(), false);
    await runner.unschedule('nothing', 'none');
    assert.equal(runner.started, false);
    await runner.stop();
  });

  it('runs a queued job on a worker, as the application role, and keeps one waiting job per singleton key', async () => {
    const runner = new JobRunner(database, createLogger('silent'));
    const seen: { n: number; role: string }[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await runner.work<{ n: number }>('test.echo', async (data) => {
      const [row] = (await database.prepared<{ role: string }>('who', 'select current_user::text as role', []));
      seen.push({ n: data.n, role: row!.role });
      if (data.n === 1) await gate;
    });
    assert.ok(await runner.send('test.echo', { n: 1 }, { singletonKey: 'k' }));
    await until(() => (seen.length === 1 ? true : undefined));
    // The first is running: one more of the key may wait, a third is refused.
    assert.ok(await runner.send('test.echo', { n: 2 }, { singletonKey: 'k' }));
    assert.equal(await runner.send('test.echo', { n: 3 }, { singletonKey: 'k' }), null);
    release();
    await until(() => (seen.length === 2 ? true : undefined));
    assert.deepEqual(seen.map((s) => s.n), [1, 2]);
    assert.ok(seen.every((s) => s.role === database.appRole));
    await runner.stop();
  });

  it('stores schedules in the database, and removes them', async () => {
    const runner = new JobRunner(database, createLogger('silent'));
    await runner.schedule('test.tick', 'tenant-a', '0 * * * *', { tenant: 'a' });
    assert.equal(await runner.hasSchedules('test.tick', 'tenant-a'), true);
    assert.equal(await runner.hasSchedules('test.tick', 'tenant-b'), false);
    await runner.unschedule('test.tick', 'tenant-a');
    assert.equal(await runner.hasSchedules('test.tick'), false);
    await runner.stop();
  });

  it('runs pg-boss maintenance (expiry, retention, deletion) as the application role, without errors', async () => {
    const errors: unknown[] = [];
    const logger = createLogger('silent');
    (logger as unknown as { error: (o: unknown) => void }).error = (o) => errors.push(o);
    const runner = new JobRunner(database, logger);
    await runner.work('test.maintained', async () => {});
    await runner.send('test.maintained', {});
    const boss = await runner.start();
    await boss.supervise();
    await boss.supervise('test.maintained');
    assert.deepEqual(errors, []);
    await runner.stop();
  });

  it('stops after the handler in flight finishes, and refuses work after', async () => {
    const runner = new JobRunner(database, createLogger('silent'));
    let finished = false;
    await runner.work('test.slow', async () => {
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await runner.send('test.slow', {});
    await until(async () => {
      const rows = await database.prepared<{ n: number }>('active', "select count(*)::int as n from pgboss.job where name = 'test.slow' and state = 'active'", []);
      return rows[0]!.n === 1 ? true : undefined;
    });
    await runner.stop();
    assert.equal(finished, true);
    await assert.rejects(runner.send('test.slow', {}), /stopped/);
  });
});
