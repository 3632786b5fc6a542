// The in-memory search index of a guide: built once however many requests arrive while it
// builds, rebuilt when a bulletin is applied, and built ahead for the shared guide.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestDatabase, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { guides } from '../../db/schema/index.ts';
import { ensureFirstTenant } from '../auth/index.ts';
import { guideIndex, warmSharedGuideIndexes } from './guide-index.ts';
import { importGuidePackage } from './import-package.ts';

const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);

describe('guide search index', () => {
  let database: Database;
  let tenantId: string;
  let guideId: string;
  const index = () => database.tenant(tenantId, async (tx) => guideIndex(tx, guideId));

  before(async () => {
    database = await createTestDatabase();
    await ensureFirstTenant(database, { tenantName: 'Syndicat', adminEmail: 'admin@syndicat.fr' });
    const r = await importGuidePackage(database, { folder: path.join(fixtures, 'guide/edition-2014-01-01'), guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    assert.equal(r.outcome, 'applied');
    tenantId = (await makeTenant(database)).id;
    guideId = (await database.operator((tx) => tx.select({ id: guides.id }).from(guides).where(eq(guides.slug, 'guide'))))[0]!.id;
  });
  after(async () => database.close());

  it('is built ahead for the shared guide, then served from memory', async () => {
    assert.equal(await warmSharedGuideIndexes(database), 1);
    const first = await index();
    assert.equal(first?.search.size, 3321);
    assert.equal(await index(), first, 'the same index, not a new one');
  });

  it('is built once when requests arrive together after a bulletin', async () => {
    const before = await index();
    const r = await importGuidePackage(database, { folder: path.join(fixtures, 'guide/updates/2014-03-01'), guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    assert.equal(r.outcome, 'applied');
    // Five requests in flight at once (in one transaction, so that PGlite, which runs one
    // transaction at a time, interleaves them as a server's connections would).
    const together = await database.tenant(tenantId, (tx) => Promise.all(Array.from({ length: 5 }, () => guideIndex(tx, guideId))));
    assert.notEqual(together[0], before, 'rebuilt for the bulletin');
    assert.ok(together.every((e) => e === together[0]), 'one build shared by every request');
    assert.ok(together[0]!.search.size > before!.search.size, 'the bulletin’s versions are in it');
  });
});
