// The guide's API as an external checker calls it, on the real corpus and its bulletins.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
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
    cookie = (await makeSession(database, commune.id, agent.id)).cookie;
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
});
