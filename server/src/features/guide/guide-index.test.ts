// The in-memory search index of a guide: built once however many requests arrive while it
// builds, rebuilt when a bulletin is applied, and built ahead for the shared guide.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { ensureFirstTenant } from '../auth/index.ts';
import { openGuide, warmSharedGuideIndexes } from './guide-index.ts';
import { importGuidePackage } from './import-package.ts';

const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);

describe('guide search index', () => {
  let database: Database;
  let tenantId: string;
  const index = async () => (await openGuide(database, tenantId, undefined)).index;

  before(async () => {
    database = await createTestDatabase();
    await ensureFirstTenant(database, { tenantName: 'Syndicat', adminEmail: 'admin@syndicat.fr' });
    const r = await importGuidePackage(database, { folder: path.join(fixtures, 'guide/edition-2014-01-01'), guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    assert.equal(r.outcome, 'applied');
    tenantId = (await makeTenant(database)).id;
  });
  after(async () => database.close());

  it('is built ahead for the shared guide, then served from memory', async () => {
    assert.equal((await openGuide(database, tenantId, undefined)).guide.slug, 'guide', 'the shared guide is the tenant’s main guide');
    assert.equal(await warmSharedGuideIndexes(database), 1);
    const first = await index();
    assert.equal(first?.search.size, 3321);
    assert.equal(await index(), first, 'the same index, not a new one');
  });

  it('is built once when requests arrive together after a bulletin', async () => {
    const before = await index();
    const r = await importGuidePackage(database, { folder: path.join(fixtures, 'guide/updates/2014-03-01'), guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    assert.equal(r.outcome, 'applied');
    const together = await Promise.all(Array.from({ length: 5 }, index));
    assert.notEqual(together[0], before, 'rebuilt for the bulletin');
    assert.ok(together.every((e) => e === together[0]), 'one build shared by every request');
    assert.ok(together[0]!.search.size > before!.search.size, 'the bulletin’s versions are in it');
  });

  it('keeps answering other requests while it builds', async () => {
    const r = await importGuidePackage(database, { folder: path.join(fixtures, 'guide/updates/2014-05-01'), guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    assert.equal(r.outcome, 'applied');
    // The event loop's longest stall during the build is a small part of it: the build
    // yields between chunks (a one-piece build stalls it for the whole build).
    const ticks = [performance.now()];
    const timer = setInterval(() => ticks.push(performance.now()), 1);
    try {
      await index();
    } finally {
      clearInterval(timer);
    }
    ticks.push(performance.now());
    const whole = ticks.at(-1)! - ticks[0]!;
    const stall = Math.max(...ticks.slice(1).map((t, i) => t - ticks[i]!));
    assert.ok(stall < whole / 4, `longest stall ${stall.toFixed(0)} ms of a ${whole.toFixed(0)} ms build`);
  });
});
