// Importing the real corpus (base edition and its nine bulletins) and every faulty input.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createTestDatabase, dbError, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, guideDocuments, guides } from '../../db/schema.ts';
import { ensureFirstTenant } from '../auth/index.ts';
import { importGuidePackage } from './import-package.ts';

const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);
const edition = path.join(fixtures, 'guide/edition-2014-01-01');
const bulletins = readdirSync(path.join(fixtures, 'guide/updates')).sort().map((d) => path.join(fixtures, 'guide/updates', d));
const faulty = (name: string) => path.join(fixtures, 'guide-faulty', name);

describe('guide import', () => {
  let database: Database;
  let operatorTenant: string;
  const actor = { type: 'cli' } as const;
  const shared = (folder: string, extra: Partial<Parameters<typeof importGuidePackage>[1]> = {}) =>
    importGuidePackage(database, { folder, guideSlug: 'guide', tenantId: null, actor, ...extra });
  const count = async (tenantId: string, where = sql`true`) =>
    (await database.tenant(tenantId, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(guideDocuments).where(where)))[0]!.n;

  before(async () => {
    database = await createTestDatabase();
    operatorTenant = (await ensureFirstTenant(database, { tenantName: 'Syndicat', adminEmail: 'admin@syndicat.fr' })).tenantId;
  });
  after(async () => database.close());

  it('refuses a bulletin before any edition, and each faulty input, changing nothing', async () => {
    const early = await shared(bulletins[0]!);
    assert.equal(early.outcome, 'refused');
    assert.match(early.problems.at(-1)!.message, /aucune édition/);
    for (const [name, pattern] of [
      ['bulletin-bad-manifest', /JSON valide/],
      ['bulletin-bad-paths', /etc\/passwd/],
      ['bulletin-missing-file', /absent du bulletin/],
      ['edition-broken-links', /article sans titre/],
    ] as const) {
      const r = await shared(faulty(name));
      assert.equal(r.outcome, 'refused', name);
      assert.ok(r.problems.some((p) => p.severity === 'fatal' && pattern.test(p.message)), `${name}: ${JSON.stringify(r.problems)}`);
    }
    assert.equal(await count(operatorTenant), 0, 'nothing imported');
  });

  it('checks without applying (dry run), then imports the base edition', async () => {
    const dry = await shared(edition, { dryRun: true });
    assert.equal(dry.outcome, 'checked');
    assert.equal(dry.added, 3321);
    assert.equal(await count(operatorTenant), 0);

    let last = 0;
    const r = await shared(edition, { onProgress: (done, total) => (last = done === total ? total : last) });
    assert.equal(r.outcome, 'applied');
    assert.equal(r.added, 3321);
    assert.equal(r.articlesInForce, 3321);
    assert.equal(last, 4258, 'progress reached every file');
    assert.equal(await count(operatorTenant, sql`kind = 'section'`), 937);
    assert.ok(r.problems.some((p) => /Titre : XIV/.test(p.message)), 'the odd heading is reported, not fatal');
  });

  it('applies the nine bulletins in order: 3,333 articles in force, every version kept', async () => {
    const wrong = await shared(faulty('bulletin-wrong-follows'));
    assert.equal(wrong.outcome, 'refused');
    assert.match(wrong.problems.at(-1)!.message, /suit le 2013-09-01, mais le guide en est au 2014-01-01/);
    const skipping = await shared(bulletins[1]!);
    assert.equal(skipping.outcome, 'refused', 'a bulletin cannot skip the one before it');

    for (const folder of bulletins) {
      const r = await shared(folder);
      assert.equal(r.outcome, 'applied', `${folder}: ${JSON.stringify(r.problems.filter((p) => p.severity === 'fatal'))}`);
    }
    const inForce = await count(operatorTenant, sql`kind = 'article' and valid_to is null`);
    assert.equal(inForce, 3333);
    // An article changed by the first bulletin has two versions, dated.
    const versions = await database.tenant(operatorTenant, (tx) =>
      tx
        .select({ from: guideDocuments.validFrom, to: guideDocuments.validTo })
        .from(guideDocuments)
        .where(eq(guideDocuments.path, 'code-de-l-action-sociale-et-des-familles/partie-legislative/livre-ier/titre-ier/chapitre-vii/article-l117-3.md'))
        .orderBy(guideDocuments.validFrom),
    );
    assert.deepEqual(versions[0], { from: '2014-01-01', to: '2014-03-01' });
    assert.equal(versions.at(-1)!.to, null);

    const again = await shared(bulletins.at(-1)!);
    assert.equal(again.outcome, 'unchanged', 're-importing the same bulletin is a no-op');
    assert.equal(await count(operatorTenant, sql`kind = 'article' and valid_to is null`), 3333);
    const audited = await database.tenant(operatorTenant, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, 'guide.package_imported')),
    );
    assert.equal(audited[0]!.n, 10);
  });

  it('shares an operator guide with every tenant, read-only; a tenant’s own guide stays its own', async () => {
    const commune = await makeTenant(database);
    const other = await makeTenant(database);
    assert.equal(await count(commune.id, sql`kind = 'article' and valid_to is null`), 3333, 'the shared guide is readable');
    // Row-level security hides the shared rows from a tenant's writes: the update matches nothing.
    const written = await database.tenant(commune.id, (tx) =>
      tx.update(guideDocuments).set({ body: 'falsifié' }).where(isNull(guideDocuments.tenantId)).returning({ path: guideDocuments.path }),
    );
    assert.equal(written.length, 0);
    await assert.rejects(
      database.tenant(commune.id, (tx) => tx.insert(guides).values({ tenantId: null, slug: 'intrus', name: 'Intrus' })),
      dbError(/row-level security/),
      'nor can it create a shared guide',
    );
    const untouched = await database.tenant(commune.id, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(guideDocuments).where(eq(guideDocuments.body, 'falsifié')),
    );
    assert.equal(untouched[0]!.n, 0, 'a tenant cannot write the shared guide');

    const own = await importGuidePackage(database, { folder: edition, guideSlug: 'guide-local', tenantId: commune.id, actor, dryRun: false });
    assert.equal(own.outcome, 'applied');
    const seenByOther = await database.tenant(other.id, (tx) =>
      tx.select({ slug: guides.slug }).from(guides).where(and(eq(guides.slug, 'guide-local'))),
    );
    assert.deepEqual(seenByOther, []);
  });
});
