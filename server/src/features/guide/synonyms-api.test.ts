// A guide's synonyms through the API, on the real base edition: the list in force, who
// may change it, the audit trail, and search results that follow the list on every node.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, isNull } from 'drizzle-orm';
import { defaultSynonyms, limits } from '@estran/contracts';
import { createTestApp, dbError, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, guideSynonyms, guides } from '../../db/schema.ts';
import { ensureFirstTenant } from '../auth/index.ts';
import { createServiceToken } from '../service-tokens/index.ts';
import { importGuidePackage } from './import-package.ts';
import { memorySource } from './read-package.ts';

const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);

type Who = { cookie: string; csrfToken: string };
// "CMU" is in no text of the corpus; "couverture maladie universelle" is in two articles
// and in the heading of the CASF's Titre V of Livre II (aide médicale de l'État).
const CMU = ['CMU', 'couverture maladie universelle'];
const cmuArticles = /article-(r232-5|annexe-1-1)\.md$|\/livre-ii\/titre-v\//;

describe('guide synonyms API', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let operatorTenant: string;
  let operatorAdmin: Who & { agentId: string };
  let communeId: string;
  let communeAdmin: Who;
  let communeAgent: Who;
  let token: string;

  before(async () => {
    ({ app, database, close } = await createTestApp());
    operatorTenant = (await ensureFirstTenant(database, { tenantName: 'Syndicat', adminEmail: 'admin@syndicat.fr' })).tenantId;
    const r = await importGuidePackage(database, { folder: path.join(fixtures, 'guide/edition-2014-01-01'), guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    assert.equal(r.outcome, 'applied');
    const admin = await makeAgent(database, operatorTenant, { roles: ['agent', 'admin'] });
    operatorAdmin = { ...(await makeSession(database, operatorTenant, admin.id)), agentId: admin.id };
    communeId = (await makeTenant(database)).id;
    communeAdmin = await makeSession(database, communeId, (await makeAgent(database, communeId, { roles: ['agent', 'admin'] })).id);
    communeAgent = await makeSession(database, communeId, (await makeAgent(database, communeId)).id);
    token = (await createServiceToken(database, { tenantId: communeId, name: 'Moteur', scopes: ['guide:read'], days: 30, actor: { type: 'cli' } })).token;
  });
  after(async () => close());

  const write = (method: 'PUT' | 'DELETE', who: Who | null, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url: '/api/guide/synonyms',
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: { origin: TEST_ORIGIN, ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}), ...headers },
    });
  const search = async (q: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/guide/search?q=${encodeURIComponent(q)}&limit=20`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().results as { path: string }[]).map((x) => x.path);
  };
  const events = (tenantId: string, action: string) => database.tenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, action)));

  it('answers the default list while none is saved, to sessions and guide:read tokens', async () => {
    const bySession = await app.inject({ method: 'GET', url: '/api/guide/synonyms', headers: { cookie: communeAgent.cookie } });
    assert.equal(bySession.statusCode, 200, bySession.body);
    assert.deepEqual(bySession.json(), { guide: 'guide', shared: true, isDefault: true, groups: defaultSynonyms, updatedAt: null });
    const byToken = await app.inject({ method: 'GET', url: '/api/guide/synonyms', headers: { authorization: `Bearer ${token}` } });
    assert.equal(byToken.statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/synonyms' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/api/guide/synonyms?guide=nulle-part', headers: { cookie: communeAgent.cookie } })).statusCode, 404);
  });

  it('lets only the operator’s admins change the shared guide’s list', async () => {
    const groups = [...defaultSynonyms, CMU];
    assert.equal((await write('PUT', null, { groups })).statusCode, 401, 'no session');
    assert.equal((await write('PUT', null, { groups }, { authorization: `Bearer ${token}` })).statusCode, 401, 'a service token');
    assert.equal((await write('PUT', communeAgent, { groups })).statusCode, 403, 'an agent');
    const tenantAdmin = await write('PUT', communeAdmin, { groups });
    assert.equal(tenantAdmin.statusCode, 403, 'a tenant admin, on the shared guide');
    assert.match(tenantAdmin.json().message, /opérateur/);
    assert.equal((await write('DELETE', communeAdmin)).statusCode, 403);
    const csrf = await write('PUT', { cookie: operatorAdmin.cookie, csrfToken: 'faux' }, { groups });
    assert.equal(csrf.json().error, 'csrf_failed');
    assert.equal((await write('PUT', operatorAdmin, { groups }, { origin: 'https://ailleurs.example' })).statusCode, 403);
    const rows = await database.operator((tx) => tx.select().from(guideSynonyms));
    assert.deepEqual(rows, [], 'nothing saved');
  });

  it('validates the list: groups of two phrases or more, within the limits', async () => {
    for (const groups of [
      [['RSA']],
      [['RSA', '   ']],
      [['RSA', '!!!']],
      [['RSA', 'x'.repeat(limits.guideSynonymPhraseMax + 1)]],
      [Array.from({ length: limits.guideSynonymPhrasesMax + 1 }, (_, i) => `mot${i}`)],
      Array.from({ length: limits.guideSynonymGroupsMax + 1 }, (_, i) => [`a${i}`, `b${i}`]),
    ]) {
      const res = await write('PUT', operatorAdmin, { groups });
      assert.equal(res.statusCode, 400, JSON.stringify(groups).slice(0, 80));
      assert.equal(res.json().error, 'invalid_request');
      assert.ok(res.json().issues.length > 0);
    }
    const one = await write('PUT', operatorAdmin, { groups: [['PACS', ' pacs  ', 'Pacs']] });
    assert.equal(one.statusCode, 400, 'a group of one phrase once repeats are dropped (case ignored, as search does)');
    assert.match(one.json().message, /Groupe 1/);
    assert.equal((await write('PUT', operatorAdmin, { nope: true })).statusCode, 400);
    assert.deepEqual(await database.operator((tx) => tx.select().from(guideSynonyms)), [], 'nothing saved');
  });

  it('changes what search finds once saved, audited with the agent, and back after a reset', async () => {
    assert.ok(!(await search('CMU')).some((p) => cmuArticles.test(p)), 'the abbreviation is unknown at first');

    const saved = await write('PUT', operatorAdmin, { groups: [...defaultSynonyms, [' CMU ', 'couverture  maladie universelle']] });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().isDefault, false);
    assert.deepEqual(saved.json().groups.at(-1), CMU, 'spaces tidied');
    assert.ok(!Number.isNaN(Date.parse(saved.json().updatedAt)));
    const found = await search('CMU');
    assert.ok(found.some((p) => cmuArticles.test(p)), JSON.stringify(found));
    const seen = await app.inject({ method: 'GET', url: '/api/guide/synonyms', headers: { cookie: communeAgent.cookie } });
    assert.deepEqual(seen.json().groups.at(-1), CMU, 'every tenant reads the shared list');

    const [event] = await events(operatorTenant, 'guide.synonyms_saved');
    assert.deepEqual([event!.actorType, event!.actorId], ['agent', operatorAdmin.agentId]);
    assert.equal(event!.data.groups, defaultSynonyms.length + 1);
    assert.equal(event!.data.shared, true);
    assert.ok(event!.requestId);

    const reset = await write('DELETE', operatorAdmin);
    assert.equal(reset.statusCode, 200, reset.body);
    assert.equal(reset.json().isDefault, true);
    assert.deepEqual(reset.json().groups, defaultSynonyms);
    assert.ok(!(await search('CMU')).some((p) => cmuArticles.test(p)), 'back to the default list');
    assert.equal((await events(operatorTenant, 'guide.synonyms_reset')).length, 1);
  });

  it('is noticed by a node that did not write it: the index checks the list’s revision', async () => {
    assert.ok(!(await search('CMU')).some((p) => cmuArticles.test(p)));
    // Another node saves a list: this node's cache never heard of it.
    const [shared] = await database.operator((tx) => tx.select().from(guides).where(isNull(guides.tenantId)));
    await database.operator((tx) => tx.insert(guideSynonyms).values({ guideId: shared!.id, tenantId: null, groups: [CMU] }));
    assert.ok((await search('CMU')).some((p) => cmuArticles.test(p)));
    await database.operator((tx) => tx.delete(guideSynonyms).where(eq(guideSynonyms.guideId, shared!.id)));
    await database.operator((tx) => tx.insert(guideSynonyms).values({ guideId: shared!.id, tenantId: null, groups: [['RSA', 'revenu de solidarité active']] }));
    assert.ok(!(await search('CMU')).some((p) => cmuArticles.test(p)), 'a new list, a new revision');
    await database.operator((tx) => tx.delete(guideSynonyms).where(eq(guideSynonyms.guideId, shared!.id)));
  });

  it('lets a tenant’s admins edit their own guide’s list, which no other tenant sees; the database refuses the rest', async () => {
    const manifest = JSON.stringify({ kind: 'edition', published: '2016-01-01', files: 1, articles: 1 });
    const files = new Map<string, Uint8Array>([
      ['manifest.json', Buffer.from(manifest)],
      ['texts/reglement/article-1.md', Buffer.from('# Article 1\n\nLa téléassistance est accordée aux personnes âgées.\n')],
    ]);
    const own = await importGuidePackage(database, { folder: memorySource('test', files), guideSlug: 'guide-local', tenantId: communeId, actor: { type: 'cli' } });
    assert.equal(own.outcome, 'applied');
    const saved = await write('PUT', communeAdmin, { groups: [['TLA', 'téléassistance']] });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual([saved.json().guide, saved.json().shared], ['guide-local', false]);
    assert.equal((await write('PUT', communeAgent, { groups: [['TLA', 'téléassistance']] })).statusCode, 403, 'an agent of the tenant');
    const [event] = await events(communeId, 'guide.synonyms_saved');
    assert.equal(event!.data.shared, false);
    const res = await app.inject({ method: 'GET', url: '/api/guide/search?q=TLA', headers: { cookie: communeAgent.cookie } });
    assert.equal(res.json().results[0]?.path, 'reglement/article-1.md');

    const other = await makeTenant(database);
    assert.deepEqual(await database.tenant(other.id, (tx) => tx.select().from(guideSynonyms)), [], 'another tenant sees none of it');
    // Below the API: a tenant can neither write the shared guide's list nor attach one of its own to it.
    const [shared] = await database.tenant(communeId, (tx) => tx.select().from(guides).where(isNull(guides.tenantId)));
    await assert.rejects(
      database.tenant(communeId, (tx) => tx.insert(guideSynonyms).values({ guideId: shared!.id, tenantId: null, groups: [CMU] })),
      dbError(/row-level security/),
    );
    await assert.rejects(
      database.tenant(communeId, (tx) => tx.insert(guideSynonyms).values({ guideId: shared!.id, tenantId: communeId, groups: [CMU] })),
      dbError(/foreign key/),
    );
    const rows = await database.operator((tx) => tx.select({ tenantId: guideSynonyms.tenantId }).from(guideSynonyms).where(and(eq(guideSynonyms.tenantId, communeId))));
    assert.equal(rows.length, 1);
  });
});
