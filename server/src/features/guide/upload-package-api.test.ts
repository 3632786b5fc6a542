// Uploading guide packages as zips in the admin area, over real HTTP (app.inject) and
// the real database: the corpus's base edition and a bulletin, zipped here from the
// fixture folders with the library the server reads them with; every faulty input;
// hostile archives; and who may write which guide.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN, zipEntries, zipFolder } from '../../../test/index.ts';
import { zipBomb } from '../../../test/zip-bomb.ts';
import type { Database } from '../../db/client.ts';
import { queryRows } from '../../db/query-rows.ts';
import { auditEvents, guidePackages } from '../../db/schema.ts';
import { ensureFirstTenant } from '../auth/index.ts';
import { createServiceToken } from '../service-tokens/index.ts';

const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);
const edition = path.join(fixtures, 'guide/edition-2014-01-01');
const firstBulletin = path.join(fixtures, 'guide/updates', readdirSync(path.join(fixtures, 'guide/updates')).sort()[0]!);
const faultyRoot = path.join(fixtures, 'guide-faulty');
const faulty = readdirSync(faultyRoot, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

type Report = { outcome: string; kind: string | null; published: string | null; added: number; changed: number; removed: number; articlesInForce: number | null; problems: { severity: string; file: string | null; message: string }[] };
type Who = { cookie: string; csrfToken: string };

describe('guide package upload (admin API)', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let operatorTenant: string;
  let operatorAdmin: Who & { agentId: string };
  let communeAdmin: Who;
  let communeAgent: Who;
  let communeId: string;
  let editionZip: Buffer;

  before(async () => {
    ({ app, database, close } = await createTestApp());
    operatorTenant = (await ensureFirstTenant(database, { tenantName: 'Syndicat', adminEmail: 'admin@syndicat.fr' })).tenantId;
    const admin = await makeAgent(database, operatorTenant, { roles: ['agent', 'admin'] });
    operatorAdmin = { ...(await makeSession(database, operatorTenant, admin.id)), agentId: admin.id };
    const commune = await makeTenant(database);
    communeId = commune.id;
    communeAdmin = await makeSession(database, commune.id, (await makeAgent(database, commune.id, { roles: ['agent', 'admin'] })).id);
    communeAgent = await makeSession(database, commune.id, (await makeAgent(database, commune.id)).id);
    editionZip = zipFolder(edition);
  });
  after(async () => close());

  const upload = (zip: Buffer, who: Who | null, query = '', headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/admin/guide/packages${query}`,
      payload: zip,
      headers: { 'content-type': 'application/zip', origin: TEST_ORIGIN, ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}), ...headers },
    });
  const report = async (zip: Buffer, query: string, who: Who = operatorAdmin) => {
    const res = await upload(zip, who, query);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Report;
  };
  /** What the shared guide holds: packages applied, articles in force. */
  const sharedState = async () =>
    (
      await database.operator((tx) =>
        queryRows<{ packages: number; articles: number }>(
          tx,
          sql`select (select count(*)::int from guide_packages where tenant_id is null) as packages,
                     (select count(*)::int from guide_documents where tenant_id is null and kind = 'article' and valid_to is null) as articles`,
        ),
      )
    )[0]!;
  const search = async (who: Who, q: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/guide/search?q=${encodeURIComponent(q)}`, headers: { cookie: who.cookie } });
    return res;
  };

  it('refuses every upload but an administrator’s session with its CSRF token and Origin', async () => {
    const tiny = zipEntries({ 'manifest.json': '{}' });
    const none = await upload(tiny, null, '?scope=shared');
    assert.equal(none.statusCode, 401);
    assert.deepEqual(Object.keys(none.json()).sort(), ['error', 'message', 'requestId']);
    assert.match(none.json().message, /session/);
    const service = (await createServiceToken(database, { tenantId: operatorTenant, name: 'Intégration', scopes: ['guide:read'], days: 30, actor: { type: 'cli' } })).token;
    assert.equal((await upload(tiny, null, '?scope=shared', { authorization: `Bearer ${service}` })).statusCode, 401, 'service tokens never open admin routes');
    assert.equal((await upload(tiny, communeAgent, '?scope=tenant')).statusCode, 403, 'an agent who is not an admin');
    const shared = await upload(tiny, communeAdmin, '?scope=shared');
    assert.equal(shared.statusCode, 403, 'a tenant admin cannot write the shared guide');
    assert.match(shared.json().message, /opérateur/);
    const csrf = await upload(tiny, { cookie: operatorAdmin.cookie, csrfToken: 'faux' }, '?scope=shared');
    assert.equal(csrf.statusCode, 403);
    assert.equal(csrf.json().error, 'csrf_failed');
    assert.equal((await upload(tiny, operatorAdmin, '?scope=shared', { origin: 'https://ailleurs.example' })).statusCode, 403, 'another Origin');
    assert.deepEqual(await sharedState(), { packages: 0, articles: 0 });
  });

  it('checks the base edition without writing, applies it on the second call, and a third is a no-op', async () => {
    assert.ok(editionZip.length < limits.guidePackageMaxBytes, `the edition zips to ${editionZip.length} bytes`);
    const checked = await report(editionZip, '?scope=shared');
    assert.equal(checked.outcome, 'checked');
    assert.deepEqual([checked.kind, checked.published, checked.added, checked.changed, checked.removed], ['edition', '2014-01-01', 3321, 0, 0]);
    assert.ok(checked.problems.some((p) => p.severity === 'warning' && /Titre : XIV/.test(p.message) && p.file?.endsWith('README.md')), 'odd headings reported with their file');
    assert.ok(checked.problems.every((p) => p.severity !== 'fatal'));
    assert.deepEqual(await sharedState(), { packages: 0, articles: 0 }, 'a check writes nothing');
    assert.equal((await search(communeAgent, 'mariage')).statusCode, 404, 'no guide yet');

    const applied = await report(editionZip, '?scope=shared&mode=apply');
    assert.equal(applied.outcome, 'applied');
    assert.equal(applied.added, 3321);
    assert.equal(applied.articlesInForce, 3321);
    assert.deepEqual(await sharedState(), { packages: 1, articles: 3321 });
    const found = await search(communeAgent, 'article 144');
    assert.equal(found.statusCode, 200, 'every tenant reads the shared guide');
    assert.equal(found.json().results[0].number, '144');

    const [event] = await database.tenant(operatorTenant, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'guide.package_imported')));
    assert.equal(event!.actorType, 'agent');
    assert.equal(event!.actorId, operatorAdmin.agentId, 'the agent is the actor');
    assert.ok(event!.requestId, 'with the request id');
    assert.deepEqual([event!.data.kind, event!.data.shared, event!.data.added], ['edition', true, 3321]);

    const again = await report(editionZip, '?scope=shared&mode=apply');
    assert.equal(again.outcome, 'unchanged');
    assert.deepEqual(await sharedState(), { packages: 1, articles: 3321 });
  });

  it('applies a bulletin zipped inside one top folder, once', async () => {
    const zip = zipFolder(firstBulletin, { prefix: `${path.basename(firstBulletin)}/` });
    const checked = await report(zip, '?scope=shared');
    assert.equal(checked.outcome, 'checked', JSON.stringify(checked.problems));
    const applied = await report(zip, '?scope=shared&mode=apply');
    assert.equal(applied.outcome, 'applied');
    assert.deepEqual([applied.kind, applied.published, applied.added, applied.changed, applied.removed], ['update', '2014-03-01', 4, 12, 2]);
    const bulletin = await app.inject({ method: 'GET', url: '/api/guide/bulletins/2014-03-01', headers: { cookie: communeAgent.cookie } });
    assert.equal(bulletin.json().changed.length, 12);
    assert.equal((await report(zip, '?scope=shared&mode=apply')).outcome, 'unchanged');
    assert.equal((await sharedState()).packages, 2);
  });

  it('refuses each faulty package, checked or applied, changing nothing', async () => {
    assert.ok(faulty.length >= 5);
    const before = await sharedState();
    for (const name of faulty) {
      const zip = zipFolder(path.join(faultyRoot, name));
      for (const mode of ['check', 'apply']) {
        const r = await report(zip, `?scope=shared&mode=${mode}`);
        assert.equal(r.outcome, 'refused', `${name} (${mode})`);
        assert.ok(r.problems.some((p) => p.severity === 'fatal'), `${name}: a fatal problem is reported`);
      }
    }
    assert.deepEqual(await sharedState(), before);
  });

  it('refuses hostile archives and bodies with the one error shape, changing nothing', async () => {
    const before = await sharedState();
    const manifest = JSON.stringify({ kind: 'edition', published: '2016-01-01', files: 1, articles: 1 });
    const slip = await upload(zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': '# Article 1\n', '../../evil.md': 'x' }), operatorAdmin, '?scope=shared&mode=apply');
    assert.equal(slip.statusCode, 400);
    assert.equal(slip.json().error, 'unsafe_archive');
    assert.match(slip.json().message, /evil\.md/);
    assert.ok(slip.json().requestId);

    const bomb = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': new Uint8Array(limits.guidePackageMaxUncompressedBytes + 1) }, 1);
    const bombed = await upload(bomb, operatorAdmin, '?scope=shared&mode=apply');
    assert.equal(bombed.statusCode, 413);
    assert.equal(bombed.json().error, 'archive_too_large');

    const big = Buffer.alloc(limits.guidePackageMaxBytes + 1);
    big.write('PK\u0003\u0004', 'latin1');
    const oversized = await upload(big, operatorAdmin, '?scope=shared');
    assert.equal(oversized.statusCode, 413);
    assert.equal(oversized.json().error, 'payload_too_large');

    const text = await upload(Buffer.from('ceci n’est pas une archive'), operatorAdmin, '?scope=shared');
    assert.equal(text.statusCode, 400);
    assert.equal(text.json().error, 'invalid_archive');
    assert.match(text.json().message, /n’est pas une archive zip/);
    const json = await app.inject({
      method: 'POST',
      url: '/api/admin/guide/packages?scope=shared',
      payload: { kind: 'edition' },
      headers: { cookie: operatorAdmin.cookie, 'x-csrf-token': operatorAdmin.csrfToken, origin: TEST_ORIGIN },
    });
    assert.equal(json.statusCode, 400, 'a JSON body is not a package');
    const plain = await upload(Buffer.from('x'), operatorAdmin, '?scope=shared', { 'content-type': 'image/png' });
    assert.equal(plain.statusCode, 415);
    assert.equal((await upload(editionZip, operatorAdmin, '?scope=shared&mode=tout')).statusCode, 400, 'an unknown mode');
    assert.equal((await upload(editionZip, operatorAdmin, '?scope=shared&guide=../x')).statusCode, 400, 'a bad guide slug');
    assert.deepEqual(await sharedState(), before);
  });

  it('answers 413 to a lying-header zip bomb, and /healthz meanwhile: the bomb is inflated in a worker thread', async () => {
    // 200 MiB of zeros declared as 100 bytes (issue 15, finding 6: /healthz took 53 s).
    const bomb = zipBomb({ inflatedBytes: 200 * 1024 * 1024, declaredSize: 100 });
    const workers: Worker[] = [];
    const onWorker = (worker: Worker) => workers.push(worker);
    process.on('worker', onWorker);
    try {
      const order: string[] = [];
      const uploading = upload(bomb, operatorAdmin, '?scope=shared&mode=apply').then((res) => (order.push('upload'), res));
      // Once the archive is in its worker, the event loop is free for everyone else.
      await Promise.race([once(process, 'worker'), uploading]);
      assert.equal(workers.length, 1, 'the upload is read in a worker thread');
      const health = await app.inject({ method: 'GET', url: '/healthz' }).then((res) => (order.push('healthz'), res));
      const res = await uploading;
      assert.equal(health.statusCode, 200);
      assert.deepEqual(order, ['healthz', 'upload'], '/healthz answered while the bomb was being read');
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().error, 'archive_too_large');
      assert.match(res.json().message, /« texts\/code\/article-1\.md » se décompresse au-delà des 100 octets/);
      assert.equal(workers[0]!.threadId, -1, 'its worker has ended');
    } finally {
      process.off('worker', onWorker);
    }
  });

  it('lets a tenant admin write the tenant’s own guide, which its agents then read', async () => {
    const zip = zipEntries({
      'manifest.json': JSON.stringify({ kind: 'edition', published: '2016-01-01', files: 2, articles: 1 }),
      'texts/reglement/README.md': '# Règlement départemental d’aide sociale\n\n- [Article 1](article-1.md)\n',
      'texts/reglement/article-1.md': '# Article 1\n\nLe règlement départemental précise les conditions de la téléassistance.\n',
    });
    const checked = await report(zip, '', communeAdmin);
    assert.equal(checked.outcome, 'checked', JSON.stringify(checked.problems));
    assert.equal((await report(zip, '?mode=apply', communeAdmin)).outcome, 'applied');
    const own = await database.tenant(communeId, (tx) => tx.select({ tenantId: guidePackages.tenantId }).from(guidePackages).where(and(eq(guidePackages.published, '2016-01-01'))));
    assert.deepEqual(own, [{ tenantId: communeId }]);
    const res = await search(communeAgent, 'téléassistance');
    assert.equal(res.json().results[0].path, 'reglement/article-1.md', 'the tenant’s agents read its own guide now');
    assert.equal((await sharedState()).packages, 2, 'the shared guide is untouched');
    const [event] = await database.tenant(communeId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'guide.package_imported')));
    assert.equal(event!.data.shared, false);
  });
});
