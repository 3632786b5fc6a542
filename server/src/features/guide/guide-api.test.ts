// The guide's API as an external checker calls it, on the real corpus and its bulletins.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { ensureFirstTenant } from '../auth/index.ts';
import { createServiceToken } from '../service-tokens/index.ts';
import { importGuidePackage } from './import-package.ts';

const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);

describe('guide API', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let token: string;
  let cookie: string;
  let csrf: string;
  let communeId: string;
  let agentId: string;

  before(async () => {
    ({ app, database, close } = await createTestApp());
    await ensureFirstTenant(database, { tenantName: 'Syndicat', adminEmail: 'admin@syndicat.fr' });
    const folders = [path.join(fixtures, 'guide/edition-2014-01-01'), ...readdirSync(path.join(fixtures, 'guide/updates')).sort().map((d) => path.join(fixtures, 'guide/updates', d))];
    for (const folder of folders) {
      const r = await importGuidePackage(database, { folder, guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
      assert.equal(r.outcome, 'applied');
    }
    // A commune reads the operator's shared guide.
    const commune = await makeTenant(database);
    const agent = await makeAgent(database, commune.id);
    const session = await makeSession(database, commune.id, agent.id);
    cookie = session.cookie;
    csrf = session.csrfToken;
    communeId = commune.id;
    agentId = agent.id;
    token = (await createServiceToken(database, { tenantId: commune.id, name: 'Moteur de recherche', scopes: ['guide:read'], days: 30, actor: { type: 'cli' } })).token;
  });
  after(async () => close());

  const search = async (q: string, extra = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/guide/search?q=${encodeURIComponent(q)}${extra}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().results as { path: string; number: string; title: string; snippet: string; score: number }[];
  };

  it('needs a session or a service token with guide:read', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/search?q=mariage' })).statusCode, 401);
    const withSession = await app.inject({ method: 'GET', url: '/api/guide/search?q=mariage', headers: { cookie, origin: TEST_ORIGIN } });
    assert.equal(withSession.statusCode, 200);
    const other = await makeTenant(database);
    const wrongScope = (await createServiceToken(database, { tenantId: other.id, name: 'Alertes', scopes: ['alerts:send'], days: 30, actor: { type: 'cli' } })).token;
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/search?q=mariage', headers: { authorization: `Bearer ${wrongScope}` } })).statusCode, 401);
  });

  it('finds articles by loosely typed numbers, first', async () => {
    for (const q of ['L262-2', 'l 262 2', 'L. 262-2']) assert.equal((await search(q))[0]?.number, 'L262-2', q);
    assert.equal((await search('article 371-1'))[0]?.number, '371-1');
    assert.equal((await search('article 144'))[0]?.path, 'code-civil/livre-ier/titre-v/chapitre-ier/article-144.md');
  });

  it('answers plain French with ranked results, titles with their trail, marked snippets', async () => {
    const results = await search('allocations personnalisée autonomie');
    assert.ok(results.length > 0 && results.length <= 10);
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1]!.score >= results[i]!.score);
    assert.ok(
      results.slice(0, 5).some((r) => /<mark>personnalisée<\/mark> d&#39;<mark>autonomie<\/mark>/i.test(r.snippet)),
      JSON.stringify(results.slice(0, 5).map((r) => r.snippet)),
    );
    assert.ok(results[0]!.snippet.includes('<mark>'));
    const divorce = await search('divorcer');
    assert.ok(divorce.slice(0, 5).some((r) => r.path.includes('code-civil/livre-ier/titre-vi/')), JSON.stringify(divorce.map((r) => r.path)));
    const rsa = await search('RSA');
    // The RSA chapter (L262-, R262-, D262-: legislative and regulatory).
    assert.ok(rsa.slice(0, 5).every((r) => /^[LRD]262-/.test(r.number) || /revenu de solidarité active|RSA/i.test(r.snippet.replace(/<\/?mark>/g, ''))), JSON.stringify(rsa.map((r) => r.number)));
    const [first] = await search('article 144');
    assert.equal(first!.title, 'Article 144 — Titre V : Du mariage › Chapitre Ier');
  });

  it('honours limit and the date asked, and refuses bad input', async () => {
    assert.equal((await search('aide sociale', '&limit=50')).length, 50);
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/search?q=aide&limit=51', headers: { authorization: `Bearer ${token}` } })).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/search?q=aide&at=2014-13-45', headers: { authorization: `Bearer ${token}` } })).statusCode, 400);
    assert.deepEqual(await search('mariage', '&at=2013-06-01'), [], 'nothing was in force before the base edition');
  });

  it('reads an article as in force at a date, with its versions', async () => {
    const url = (p: string, q = '') => `/api/guide/articles/${p}${q}`;
    const auth = { authorization: `Bearer ${token}` };
    const a144 = await app.inject({ method: 'GET', url: url('code-civil/livre-ier/titre-v/chapitre-ier/article-144.md'), headers: auth });
    assert.equal(a144.statusCode, 200, a144.body);
    assert.equal(a144.json().number, '144');
    assert.match(a144.json().text, /dix-huit ans/);
    const changed = 'code-de-l-action-sociale-et-des-familles/partie-legislative/livre-ier/titre-ier/chapitre-vii/article-l117-3.md';
    const then = await app.inject({ method: 'GET', url: url(changed, '?at=2014-02-01'), headers: auth });
    const now = await app.inject({ method: 'GET', url: url(changed), headers: auth });
    assert.equal(then.json().validFrom, '2014-01-01');
    assert.equal(then.json().validTo, '2014-03-01');
    assert.equal(now.json().versions[1].bulletin, '2014-03-01');
    assert.notEqual(then.json().text, now.json().versions.length > 1 ? now.json().text + '\u0000' : '');
    assert.equal((await app.inject({ method: 'GET', url: url(changed, '?at=2013-01-01'), headers: auth })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: url('code-civil/nulle-part/article-1.md'), headers: auth })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: url('..%2F..%2Fetc%2Fpasswd.md'), headers: auth })).statusCode, 400);
  });

  it('resolves the references of an article to the guide’s articles in force, and only those', async () => {
    const rsa = 'code-de-l-action-sociale-et-des-familles/partie-legislative/livre-ii/titre-vi/chapitre-ii';
    const read = async (p: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/guide/articles/${rsa}/${p}`, headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { text: string; links: Record<string, string> };
    };
    const other = await read('section-3/article-l262-35.md');
    assert.match(other.text, /article L\. 5312-1 du code du travail/);
    assert.equal(other.links['l5312-1'], undefined, 'the code du travail is not in the guide');
    const { text, links } = await read('section-3/article-l262-36.md');
    assert.match(text, /article L\. 262-29/);
    assert.equal(links['l262-29'], `${rsa}/section-3/article-l262-29.md`);
    for (const target of Object.values(links)) {
      const linked = await app.inject({ method: 'GET', url: `/api/guide/articles/${target}`, headers: { authorization: `Bearer ${token}` } });
      assert.equal(linked.statusCode, 200, target);
    }
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie, origin: TEST_ORIGIN } });
    return { status: res.statusCode, body: res.json() };
  };

  it('walks the table of contents: codes, then sections in their README order, then articles by number', async () => {
    const root = await get('/api/guide/toc');
    assert.equal(root.status, 200);
    assert.deepEqual(root.body.children.map((c: { path: string }) => c.path).sort(), ['code-civil', 'code-de-l-action-sociale-et-des-familles']);
    const livre = await get('/api/guide/toc?path=code-civil/livre-ier');
    assert.equal(livre.body.heading, 'Livre Ier : Des personnes');
    assert.deepEqual(livre.body.children.slice(0, 3).map((c: { heading: string }) => c.heading), [
      'Titre Ier bis : De la nationalité française',
      'Titre II : Des actes de l\'état civil',
      'Titre III : Du domicile',
    ]);
    const chapitre = await get('/api/guide/toc?path=code-civil/livre-ier/titre-v/chapitre-ier');
    const numbers = chapitre.body.children.filter((c: { kind: string }) => c.kind === 'article').map((c: { number: string }) => c.number);
    assert.deepEqual(numbers.slice(0, 3), ['143', '144', '145']);
    assert.deepEqual(chapitre.body.breadcrumbs.map((b: { heading: string }) => b.heading), ['Code civil', 'Livre Ier : Des personnes', 'Titre V : Du mariage', chapitre.body.heading]);
    assert.equal((await get('/api/guide/toc?path=code-civil/nulle-part')).status, 404);
    assert.equal((await get('/api/guide/toc?path=../etc')).status, 400);
  });

  it('shows what a bulletin changed, and each change word by word', async () => {
    const b = await get('/api/guide/bulletins/2014-03-01');
    assert.equal(b.status, 200);
    assert.equal(b.body.follows, '2014-01-01');
    assert.ok(b.body.references.includes('LOI n°2014-173 du 21 février 2014'));
    assert.deepEqual([b.body.added.length, b.body.changed.length, b.body.removed.length], [4, 12, 2]);
    const summary = await get('/api/guide');
    assert.equal(summary.body.current, '2015-07-01');
    const { importedAt, ...pkg } = summary.body.packages.find((p: { published: string }) => p.published === '2014-03-01');
    assert.deepEqual(pkg, { kind: 'update', published: '2014-03-01', references: b.body.references, added: 4, changed: 12, removed: 2 });
    assert.ok(!Number.isNaN(Date.parse(importedAt)));
    const changed = b.body.changed[0];
    const diff = await get(`/api/guide/diff?path=${changed.path}&from=2014-02-01&to=2014-03-01`);
    assert.equal(diff.status, 200);
    const ops = new Set(diff.body.parts.map((p: { op: string }) => p.op));
    assert.ok(ops.has('insert') || ops.has('delete'), 'a changed article differs');
    const rebuilt = diff.body.parts.filter((p: { op: string }) => p.op !== 'insert').map((p: { text: string }) => p.text).join('');
    const before = await get(`/api/guide/articles/${changed.path}?at=2014-02-01`);
    assert.equal(rebuilt, before.body.text, 'equal + deleted parts rebuild the earlier text');
    assert.equal((await get('/api/guide/bulletins/2013-01-01')).status, 404);
  });

  it('marks what bulletins applied since the agent’s last visit changed, and starts again after a visit', async () => {
    // A visit between the imports of the last two bulletins: only the last one is new.
    await database.tenant(communeId, (tx) =>
      tx.execute(sql`insert into guide_visits (tenant_id, agent_id, guide_id, last_visit_at)
                     select ${communeId}, ${agentId}, g.id, p.imported_at from guides g
                     join guide_packages p on p.guide_id = g.id and p.published = '2015-05-01'
                     where g.slug = 'guide' and g.tenant_id is null`),
    );
    const summary = await get('/api/guide');
    const last = summary.body.packages.find((p: { published: string }) => p.published === '2015-07-01');
    assert.ok(last.importedAt > summary.body.lastVisit, 'the last bulletin was applied after the visit');
    const changed = (await get('/api/guide/bulletins/2015-07-01')).body.changed as { path: string }[];
    assert.equal(changed.length, 2);
    const codes = new Set(changed.map((c) => c.path.split('/')[0]));
    const root = await get('/api/guide/toc');
    for (const c of root.body.children as { path: string; changedSinceLastVisit: boolean }[]) {
      assert.equal(c.changedSinceLastVisit, codes.has(c.path), c.path);
    }
    const folder = changed[0]!.path.split('/').slice(0, -1).join('/');
    const level = await get(`/api/guide/toc?path=${folder}`);
    const marked = (level.body.children as { path: string; changedSinceLastVisit: boolean }[]).filter((c) => c.changedSinceLastVisit).map((c) => c.path);
    assert.ok(marked.includes(changed[0]!.path));
    assert.ok(marked.every((p) => changed.some((c) => c.path === p)), 'only what that bulletin changed');

    // The list of those articles: what the last bulletin changed, with the text seen before.
    const bulletin = (await get('/api/guide/bulletins/2015-07-01')).body as { added: { path: string }[]; changed: { path: string }[]; removed: { path: string }[] };
    const changes = await get('/api/guide/changes');
    assert.equal(changes.status, 200);
    assert.equal(changes.body.since, summary.body.lastVisit);
    const listed = (kind: string) => (changes.body.items as { path: string; change: string }[]).filter((i) => i.change === kind).map((i) => i.path).sort();
    assert.deepEqual(listed('changed'), bulletin.changed.map((c) => c.path).sort());
    assert.deepEqual(listed('added'), bulletin.added.map((c) => c.path).sort());
    assert.deepEqual(listed('removed'), bulletin.removed.map((c) => c.path).sort());
    assert.equal(changes.body.total, changes.body.items.length);
    const first = changes.body.items.find((i: { change: string }) => i.change === 'changed');
    assert.equal(first.before, '2015-06-30');
    assert.equal(first.bulletin, '2015-07-01');
    const diff = await get(`/api/guide/diff?path=${first.path}&from=${first.before}&to=${first.bulletin}`);
    assert.equal(diff.status, 200);
    const byToken = await app.inject({ method: 'GET', url: '/api/guide/changes', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(byToken.json(), { since: null, total: 0, items: [] }, 'a service token has no visits');
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/changes' })).statusCode, 401, 'neither a session nor a token');
    const other = await makeTenant(database);
    const alerts = (await createServiceToken(database, { tenantId: other.id, name: 'Alertes', scopes: ['alerts:send'], days: 30, actor: { type: 'cli' } })).token;
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/changes', headers: { authorization: `Bearer ${alerts}` } })).statusCode, 401, 'a token without guide:read');

    const visit = await app.inject({ method: 'POST', url: '/api/guide/visit', headers: { cookie, origin: TEST_ORIGIN, 'x-csrf-token': csrf } });
    assert.equal(visit.statusCode, 204);
    const after = await get('/api/guide/toc');
    assert.ok(after.body.children.every((c: { changedSinceLastVisit: boolean }) => !c.changedSinceLastVisit));
    assert.equal((await get('/api/guide/changes')).body.total, 0);
  });

  it('keeps private bookmarks and notes, audited without their text', async () => {
    const headers = { cookie, origin: TEST_ORIGIN, 'x-csrf-token': csrf };
    const path144 = 'code-civil/livre-ier/titre-v/chapitre-ier/article-144.md';
    const saved = await app.inject({ method: 'PUT', url: '/api/guide/bookmarks', headers, payload: { path: path144, note: 'Famille D. : vérifier l’âge' } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().number, '144');
    const list = await get('/api/guide/bookmarks');
    assert.deepEqual(list.body.items.map((b: { path: string; note: string }) => [b.path, b.note]), [[path144, 'Famille D. : vérifier l’âge']]);
    // Another agent of the same tenant sees none of it.
    const colleague = await makeAgent(database, communeId);
    const other = await makeSession(database, communeId, colleague.id);
    const theirs = await app.inject({ method: 'GET', url: '/api/guide/bookmarks', headers: { cookie: other.cookie } });
    assert.deepEqual(theirs.json().items, []);
    const [event] = await database.tenant(communeId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'guide.bookmark_saved')));
    assert.equal(JSON.stringify(event!.data).includes('vérifier'), false, 'the note’s text is not in the audit trail');
    assert.equal((await app.inject({ method: 'PUT', url: '/api/guide/bookmarks', headers, payload: { path: 'code-civil/nulle-part/article-1.md' } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'PUT', url: '/api/guide/bookmarks', headers: { cookie, origin: TEST_ORIGIN }, payload: { path: path144 } })).statusCode, 403, 'CSRF');
    assert.equal((await app.inject({ method: 'POST', url: '/api/guide/bookmarks/remove', headers, payload: { path: path144 } })).statusCode, 204);
    assert.deepEqual((await get('/api/guide/bookmarks')).body.items, []);
  });
});
