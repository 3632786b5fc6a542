// The admin area's HTTP API: listing tenants (operator only), units, sites and agents
// of one's own tenant (paged, searchable), and creating a tenant (CSRF, Origin, audit).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, sites, units } from '../../db/schema.ts';

type Session = { cookie: string; csrfToken: string };
const LISTS = ['/api/admin/tenants', '/api/admin/units', '/api/admin/sites', '/api/admin/agents'] as const;
const TENANT_LISTS = ['/api/admin/units', '/api/admin/sites', '/api/admin/agents'] as const;

describe('admin routes', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;

  let operatorId: string;
  let operatorAdmin: Session & { agentId: string };
  let operatorPlainAgent: Session;
  let tenantA: { id: string; slug: string };
  let adminA: Session;
  let adminAId: string;
  let agentA: Session;
  let tenantB: { id: string };
  let adminB: Session;
  const idsOfB = new Set<string>();
  const unitsOfA: string[] = [];
  const sitesOfA: string[] = [];

  async function makeUnit(tenantId: string, name: string, code: string) {
    const [row] = await database.tenant(tenantId, (tx) =>
      tx.insert(units).values({ tenantId, kind: 'territorial', code, name }).returning(),
    );
    return row!;
  }
  async function makeSite(tenantId: string, unitId: string | null, name: string, city: string) {
    const [row] = await database.tenant(tenantId, (tx) =>
      tx.insert(sites).values({ tenantId, unitId, kind: 'permanence', name, city, postalCode: '22300' }).returning(),
    );
    return row!;
  }

  const get = (url: string, session?: Session, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...(session ? { cookie: session.cookie } : {}), ...headers } });

  const createTenantAs = (session: Session | undefined, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/admin/tenants',
      payload: payload as object,
      headers: {
        'content-type': 'application/json',
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
        ...headers,
      },
    });

  /** Every item of a listing, page after page. */
  async function everything(url: string, session: Session, pageSize = 100) {
    const items: { id: string }[] = [];
    for (let page = 1; ; page++) {
      const res = await get(`${url}${url.includes('?') ? '&' : '?'}page=${page}&pageSize=${pageSize}`, session);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      items.push(...body.items);
      if (body.items.length < pageSize) return { items, total: body.total as number };
    }
  }

  function assertError(res: LightMyRequestResponse, status: number, code: string) {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /application\/json/);
    const body = res.json();
    assert.equal(body.error, code);
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0);
    return body;
  }

  before(async () => {
    ({ app, database, close } = await createTestApp());

    const operator = await makeTenant(database, { operator: true, name: 'Opérateur Estran' });
    operatorId = operator.id;
    const opAdmin = await makeAgent(database, operatorId, { roles: ['agent', 'admin'] });
    operatorAdmin = { ...(await makeSession(database, operatorId, opAdmin.id)), agentId: opAdmin.id };
    const opAgent = await makeAgent(database, operatorId, { roles: ['agent', 'helpdesk', 'manager'] });
    operatorPlainAgent = await makeSession(database, operatorId, opAgent.id);

    const a = await makeTenant(database, { name: 'Commune de Lannion' });
    tenantA = a;
    const aAdmin = await makeAgent(database, a.id, { roles: ['agent', 'admin'], firstName: 'Anne', lastName: 'Admin' });
    adminAId = aAdmin.id;
    adminA = await makeSession(database, a.id, aAdmin.id);
    const aAgent = await makeAgent(database, a.id, { roles: ['agent', 'helpdesk', 'manager', 'alert_sender'] });
    agentA = await makeSession(database, a.id, aAgent.id);

    const b = await makeTenant(database, { name: 'Commune de Guingamp' });
    tenantB = b;
    const bAdmin = await makeAgent(database, b.id, { roles: ['agent', 'admin'], lastName: 'Secret-B-Admin' });
    adminB = await makeSession(database, b.id, bAdmin.id);
    idsOfB.add(bAdmin.id);

    // Data in both tenants, with names that would match the other's searches.
    for (let i = 0; i < 3; i++) {
      const ua = await makeUnit(a.id, `Circonscription partagée ${i}`, `CAS-${i}`);
      unitsOfA.push(ua.id);
      sitesOfA.push((await makeSite(a.id, ua.id, `Mairie partagée ${i}`, 'Lannion')).id);
      const ub = await makeUnit(b.id, `Circonscription partagée ${i}`, `CAS-${i}`);
      idsOfB.add(ub.id);
      idsOfB.add((await makeSite(b.id, ub.id, `Mairie partagée ${i}`, 'Guingamp')).id);
      idsOfB.add((await makeAgent(database, b.id, { firstName: 'Claire', lastName: `Secret-B-${i}` })).id);
    }
  });
  after(async () => close());

  describe('authentication and roles', () => {
    for (const url of LISTS) {
      it(`GET ${url} without a session is 401 with a French message`, async () => {
        const res = await get(url);
        const body = assertError(res, 401, 'unauthenticated');
        assert.match(body.message, /session/i);
        assert.match(body.message, /Connectez-vous/);
      });
    }

    it('POST /api/admin/tenants without a session is 401', async () => {
      const res = await createTenantAs(undefined, { name: 'X', slug: 'no-session', kind: 'commune' });
      assertError(res, 401, 'unauthenticated');
    });

    it('a garbage or forged session cookie is 401', async () => {
      for (const cookie of ['__Host-estran-session=nonsense', `__Host-estran-session=${tenantA.id}.${'A'.repeat(43)}`]) {
        assertError(await get('/api/admin/agents', { cookie, csrfToken: '' }), 401, 'unauthenticated');
      }
    });

    for (const url of LISTS) {
      it(`GET ${url} is 403 for an agent without the admin role`, async () => {
        assertError(await get(url, agentA), 403, 'forbidden');
        assertError(await get(url, operatorPlainAgent), 403, 'forbidden');
      });
    }

    it('POST /api/admin/tenants is 403 for an agent without the admin role, even of the operator', async () => {
      assertError(await createTenantAs(operatorPlainAgent, { name: 'X', slug: 'by-plain-agent', kind: 'commune' }), 403, 'forbidden');
      assertError(await createTenantAs(agentA, { name: 'X', slug: 'by-agent-a', kind: 'commune' }), 403, 'forbidden');
    });

    it('the tenants listing is 403 for the admin of a non-operator tenant, 200 for the operator’s', async () => {
      assertError(await get('/api/admin/tenants', adminA), 403, 'forbidden');
      assertError(await get('/api/admin/tenants', adminB), 403, 'forbidden');
      const res = await get('/api/admin/tenants', operatorAdmin);
      assert.equal(res.statusCode, 200, res.body);
      const { items } = await everything('/api/admin/tenants', operatorAdmin);
      const ids = items.map((t) => t.id);
      for (const id of [operatorId, tenantA.id, tenantB.id]) assert.ok(ids.includes(id), `tenant ${id} listed`);
    });

    it('creating a tenant is 403 for the admin of a non-operator tenant, and creates nothing', async () => {
      assertError(await createTenantAs(adminA, { name: 'Par A', slug: 'created-by-a', kind: 'commune' }), 403, 'forbidden');
      const res = await get('/api/admin/tenants?q=created-by-a', operatorAdmin);
      assert.equal(res.json().total, 0);
    });

    it('an admin of a non-operator tenant reaches the lists of their own tenant', async () => {
      for (const url of TENANT_LISTS) assert.equal((await get(url, adminA)).statusCode, 200, url);
    });
  });

  describe('paging', () => {
    let pagingTenant: { id: string };
    let pagingAdmin: Session;
    const created = new Set<string>();

    before(async () => {
      pagingTenant = await makeTenant(database);
      const admin = await makeAgent(database, pagingTenant.id, { roles: ['agent', 'admin'], firstName: 'Zoé', lastName: 'Zadmin' });
      created.add(admin.id);
      pagingAdmin = await makeSession(database, pagingTenant.id, admin.id);
      // Twelve agents with the very same name: only a tie-breaker keeps pages apart.
      for (let i = 0; i < 12; i++) created.add((await makeAgent(database, pagingTenant.id, { firstName: 'Claire', lastName: 'Martin' })).id);
      for (let i = 0; i < 10; i++) created.add((await makeAgent(database, pagingTenant.id, { firstName: 'Paul', lastName: `Le Goff ${i}` })).id);
      for (let i = 0; i < 7; i++) {
        const u = await makeUnit(pagingTenant.id, 'Équipe', `EQ-${i}`);
        await makeSite(pagingTenant.id, u.id, 'Permanence', 'Paimpol');
      }
    });

    it('defaults to page 1 of 25', async () => {
      const res = await get('/api/admin/agents', pagingAdmin);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.page, 1);
      assert.equal(body.pageSize, 25);
      assert.equal(body.total, 23);
      assert.equal(body.items.length, 23);
    });

    it('pages through agents with a stable order, no duplicates and no gaps', async () => {
      const full = (await get('/api/admin/agents?pageSize=100', pagingAdmin)).json();
      assert.equal(full.total, created.size);
      const reference = full.items.map((a: { id: string }) => a.id);

      const seen: string[] = [];
      for (let page = 1; page <= 5; page++) {
        const res = await get(`/api/admin/agents?page=${page}&pageSize=5`, pagingAdmin);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.page, page);
        assert.equal(body.pageSize, 5);
        assert.equal(body.total, 23);
        assert.equal(body.items.length, page < 5 ? 5 : 3);
        seen.push(...body.items.map((a: { id: string }) => a.id));
      }
      assert.equal(new Set(seen).size, seen.length, 'no agent on two pages');
      assert.deepEqual(seen, reference, 'pages concatenate to the full listing');
      assert.deepEqual(new Set(seen), created);

      const again = (await get('/api/admin/agents?page=2&pageSize=5', pagingAdmin)).json();
      assert.deepEqual(again.items.map((a: { id: string }) => a.id), reference.slice(5, 10), 'same page, same agents');

      const beyond = (await get('/api/admin/agents?page=6&pageSize=5', pagingAdmin)).json();
      assert.deepEqual(beyond.items, []);
      assert.equal(beyond.total, 23);
    });

    it('orders agents by last name, then first name', async () => {
      const { items } = (await get('/api/admin/agents?pageSize=100', pagingAdmin)).json();
      const names = items.map((a: { lastName: string; firstName: string }) => [a.lastName, a.firstName] as const);
      const sorted = [...names].sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
      assert.deepEqual(names.map((n: readonly string[]) => n[0]), sorted.map((n) => n[0]));
    });

    it('pages through units and sites without duplicates', async () => {
      for (const url of ['/api/admin/units', '/api/admin/sites']) {
        const seen: string[] = [];
        for (let page = 1; page <= 3; page++) {
          const body = (await get(`${url}?page=${page}&pageSize=3`, pagingAdmin)).json();
          assert.equal(body.total, 7, url);
          assert.equal(body.items.length, page < 3 ? 3 : 1, `${url} page ${page}`);
          seen.push(...body.items.map((x: { id: string }) => x.id));
        }
        assert.equal(new Set(seen).size, 7, `${url}: seven distinct rows`);
      }
    });

    it('pages through tenants without duplicates', async () => {
      const total = (await get('/api/admin/tenants?pageSize=1', operatorAdmin)).json().total as number;
      assert.ok(total >= 4);
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(total / 2); page++) {
        const body = (await get(`/api/admin/tenants?page=${page}&pageSize=2`, operatorAdmin)).json();
        assert.equal(body.total, total);
        seen.push(...body.items.map((t: { id: string }) => t.id));
      }
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
    });

    for (const [query, field] of [
      ['pageSize=0', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['page=-1', 'page'],
      ['page=0', 'page'],
      ['pageSize=abc', 'pageSize'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      it(`rejects ${query.slice(0, 20)} with 400 invalid_request and its issues`, async () => {
        for (const url of LISTS) {
          const res = await get(`${url}?${query}`, operatorAdmin);
          const body = assertError(res, 400, 'invalid_request');
          assert.ok(Array.isArray(body.issues) && body.issues.length > 0, `${url}: issues listed`);
          assert.ok(
            body.issues.some((i: { path: unknown[] }) => i.path[0] === 'querystring' && i.path.includes(field)),
            `${url}: an issue names ${field}: ${JSON.stringify(body.issues)}`,
          );
          assert.equal(body.requestId, res.headers['x-request-id']);
        }
      });
    }

    it('accepts the largest page size, 100', async () => {
      const res = await get('/api/admin/agents?pageSize=100', pagingAdmin);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().pageSize, 100);
    });
  });

  describe('search', () => {
    let searchAdmin: Session;
    const ids: Record<string, string> = {};

    before(async () => {
      const t = await makeTenant(database);
      const admin = await makeAgent(database, t.id, { roles: ['agent', 'admin'], firstName: 'Yann', lastName: 'Admin' });
      searchAdmin = await makeSession(database, t.id, admin.id);
      const people: [string, string, string, string][] = [
        ['percent', 'Remise', 'Taux 50%', 'remise.taux@search.fr'],
        ['fiveHundred', 'Remise', 'Taux 500', 'remise.taux500@search.fr'],
        ['underscore', 'Jean', 'Dupont_Durand', 'jean.dd@search.fr'],
        ['noUnderscore', 'Jean', 'DupontXDurand', 'jean.dxd@search.fr'],
        ['backslash', 'Anne', 'Back\\slash', 'anne.bs@search.fr'],
        ['email', 'Lise', 'Kerbrat', 'lise.kerbrat@zz-unique.fr'],
      ];
      for (const [key, firstName, lastName, email] of people) {
        ids[key] = (await makeAgent(database, t.id, { firstName, lastName, email })).id;
      }
      await makeUnit(t.id, 'Service 100% insertion', 'S-100P');
      await makeUnit(t.id, 'Service 1000 insertion', 'S-1000');
      await makeUnit(t.id, 'Pôle_enfance', 'P-E');
      await makeUnit(t.id, 'PôleXenfance', 'P-X');
      await makeSite(t.id, null, 'Télécentre 10%', 'Dinan');
      await makeSite(t.id, null, 'Télécentre 100', 'Lamballe');
    });

    const search = async (url: string, q: string, session = searchAdmin) => {
      const res = await get(`${url}?pageSize=100&q=${encodeURIComponent(q)}`, session);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: { id: string; name?: string; lastName?: string }[]; total: number };
    };

    it('filters agents by name and by e-mail, case-insensitively', async () => {
      const byName = await search('/api/admin/agents', 'kerbr');
      assert.deepEqual(byName.items.map((a) => a.id), [ids.email]);
      assert.equal(byName.total, 1);
      const byEmail = await search('/api/admin/agents', 'ZZ-UNIQUE.FR');
      assert.deepEqual(byEmail.items.map((a) => a.id), [ids.email]);
      const byFirstName = await search('/api/admin/agents', 'remise');
      assert.deepEqual(new Set(byFirstName.items.map((a) => a.id)), new Set([ids.percent, ids.fiveHundred]));
      assert.equal(byFirstName.total, 2);
      const none = await search('/api/admin/agents', 'personne-de-ce-nom');
      assert.deepEqual(none, { items: [], total: 0, page: 1, pageSize: 100 });
    });

    it('treats % and _ and \\ in the search text as plain characters', async () => {
      const percent = await search('/api/admin/agents', '50%');
      assert.deepEqual(percent.items.map((a) => a.id), [ids.percent], 'a % must not match any text');
      const underscore = await search('/api/admin/agents', 't_D');
      assert.deepEqual(underscore.items.map((a) => a.id), [ids.underscore], 'a _ must not match any character');
      const backslash = await search('/api/admin/agents', 'k\\s');
      assert.deepEqual(backslash.items.map((a) => a.id), [ids.backslash]);
      const onlyPercent = await search('/api/admin/agents', '%');
      assert.deepEqual(onlyPercent.items.map((a) => a.id), [ids.percent]);
      const onlyUnderscore = await search('/api/admin/agents', '_');
      assert.deepEqual(onlyUnderscore.items.map((a) => a.id), [ids.underscore]);
    });

    it('filters units and sites by name, wildcards escaped', async () => {
      assert.deepEqual((await search('/api/admin/units', '100%')).items.map((u) => u.name), ['Service 100% insertion']);
      assert.deepEqual((await search('/api/admin/units', 'e_e')).items.map((u) => u.name), ['Pôle_enfance']);
      assert.deepEqual((await search('/api/admin/units', 'insertion')).total, 2);
      assert.deepEqual((await search('/api/admin/sites', '10%')).items.map((s) => s.name), ['Télécentre 10%']);
      assert.deepEqual((await search('/api/admin/sites', 'télécentre')).total, 2);
    });

    it('filters tenants by name and slug, wildcards escaped', async () => {
      const hundred = await makeTenant(database, { name: 'Syndicat 100% rural' });
      await makeTenant(database, { name: 'Syndicat 1000 rural' });
      const byName = await search('/api/admin/tenants', '100%', operatorAdmin);
      assert.deepEqual(byName.items.map((t) => t.id), [hundred.id]);
      const both = await search('/api/admin/tenants', 'syndicat', operatorAdmin);
      assert.equal(both.total, 2);
      const bySlug = await search('/api/admin/tenants', hundred.slug, operatorAdmin);
      assert.deepEqual(bySlug.items.map((t) => t.id), [hundred.id]);
      assert.equal((await search('/api/admin/tenants', '_', operatorAdmin)).total, 0, 'no slug or name holds an underscore');
    });
  });

  describe('isolation between tenants', () => {
    it('an admin of tenant A never sees tenant B’s agents, units or sites', async () => {
      for (const url of TENANT_LISTS) {
        const { items, total } = await everything(url, adminA, 2);
        assert.equal(items.length, total);
        for (const item of items) assert.ok(!idsOfB.has(item.id), `${url}: ${item.id} belongs to B`);
      }
      const units = await everything('/api/admin/units', adminA);
      assert.deepEqual(new Set(units.items.map((u) => u.id)), new Set(unitsOfA));
      const sitesA = await everything('/api/admin/sites', adminA);
      assert.deepEqual(new Set(sitesA.items.map((s) => s.id)), new Set(sitesOfA));
      const agents = await everything('/api/admin/agents', adminA);
      assert.equal(agents.total, 2, 'A’s admin and A’s agent');
      assert.ok(agents.items.some((a) => a.id === adminAId));
    });

    it('searching for B’s names from A finds nothing', async () => {
      const res = await get('/api/admin/agents?q=Secret-B', adminA);
      assert.deepEqual(res.json().items, []);
      assert.equal(res.json().total, 0);
      const fromB = await get('/api/admin/agents?q=Secret-B', adminB);
      assert.equal(fromB.json().total, 4, 'B sees its own');
    });

    it('B sees its own units and sites, not A’s', async () => {
      const units = await everything('/api/admin/units', adminB);
      assert.equal(units.total, 3);
      for (const u of units.items) assert.ok(idsOfB.has(u.id));
      const sitesB = await everything('/api/admin/sites', adminB);
      assert.equal(sitesB.total, 3);
      for (const s of sitesB.items) assert.ok(idsOfB.has(s.id));
    });

    it('even the operator’s admin lists only the operator’s own agents', async () => {
      const { items } = await everything('/api/admin/agents', operatorAdmin);
      for (const a of items) assert.ok(!idsOfB.has(a.id) && a.id !== adminAId);
      assert.ok(items.some((a) => a.id === operatorAdmin.agentId));
    });
  });

  describe('creating a tenant', () => {
    it('answers 201 with the tenant, listed afterwards, and audited in both chains', async () => {
      const res = await createTenantAs(operatorAdmin, {
        name: '  CCAS de Plérin  ',
        slug: 'ccas-plerin',
        kind: 'ccas',
        helpdeskPhone: '02 96 79 82 00',
      });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.equal(created.slug, 'ccas-plerin');
      assert.equal(created.name, 'CCAS de Plérin');
      assert.equal(created.kind, 'ccas');
      assert.equal(created.helpdeskPhone, '02 96 79 82 00');
      assert.ok(Math.abs(Date.parse(created.createdAt) - Date.now()) < 10 * 60_000);

      const listed = (await get('/api/admin/tenants?q=ccas-plerin', operatorAdmin)).json();
      assert.deepEqual(listed.items, [created]);

      const requestId = res.headers['x-request-id'];
      const inOperator = await database.tenant(operatorId, (tx) =>
        tx
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'tenant.created'), eq(auditEvents.targetId, created.id))),
      );
      assert.equal(inOperator.length, 1);
      const event = inOperator[0]!;
      assert.equal(event.tenantId, operatorId);
      assert.equal(event.actorType, 'agent');
      assert.equal(event.actorId, operatorAdmin.agentId);
      assert.equal(event.targetType, 'tenant');
      assert.equal(event.requestId, requestId);
      assert.deepEqual(event.data, { name: 'CCAS de Plérin', slug: 'ccas-plerin', kind: 'ccas' });

      const inNew = await database.tenant(created.id, (tx) => tx.select().from(auditEvents));
      assert.equal(inNew.length, 1);
      assert.equal(inNew[0]!.action, 'tenant.created');
      assert.equal(inNew[0]!.seq, 1);
      assert.equal(inNew[0]!.actorId, operatorAdmin.agentId);
    });

    it('accepts a tenant without a helpdesk phone', async () => {
      const res = await createTenantAs(operatorAdmin, { name: 'Commune de Quintin', slug: 'quintin', kind: 'commune' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().helpdeskPhone, null);
    });

    it('answers 409 on a slug already taken, and keeps the first tenant', async () => {
      const first = await createTenantAs(operatorAdmin, { name: 'Dinan', slug: 'dinan', kind: 'commune' });
      assert.equal(first.statusCode, 201, first.body);
      const second = await createTenantAs(operatorAdmin, { name: 'Dinan Agglomération', slug: 'dinan', kind: 'intercommunalite' });
      const body = assertError(second, 409, 'conflict');
      assert.match(body.message, /dinan/);
      const listed = (await get('/api/admin/tenants?q=dinan', operatorAdmin)).json();
      assert.equal(listed.total, 1);
      assert.equal(listed.items[0].name, 'Dinan');
      assert.equal(listed.items[0].id, first.json().id);
    });

    it('answers 409, never 500, to concurrent creations of the same slug', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => createTenantAs(operatorAdmin, { name: `Course ${i}`, slug: 'race-slug', kind: 'commune' })),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [201, ...Array<number>(11).fill(409)], results.map((r) => r.body).join('\n'));
      for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error, 'conflict');
      assert.equal((await get('/api/admin/tenants?q=race-slug', operatorAdmin)).json().total, 1);
    });

    for (const [label, payload] of [
      ['an upper-case slug', { name: 'X', slug: 'Lannion', kind: 'commune' }],
      ['a slug with an underscore', { name: 'X', slug: 'saint_brieuc', kind: 'commune' }],
      ['a slug starting with a dash', { name: 'X', slug: '-lannion', kind: 'commune' }],
      ['a slug ending with a dash', { name: 'X', slug: 'lannion-', kind: 'commune' }],
      ['a slug of 64 characters', { name: 'X', slug: 'a'.repeat(64), kind: 'commune' }],
      ['an empty slug', { name: 'X', slug: '', kind: 'commune' }],
      ['a second operator', { name: 'X', slug: 'second-operator', kind: 'operator' }],
      ['an empty name', { name: '   ', slug: 'empty-name', kind: 'commune' }],
      ['no kind', { name: 'X', slug: 'no-kind' }],
    ] as const) {
      it(`answers 400 for ${label}`, async () => {
        const res = await createTenantAs(operatorAdmin, payload);
        const body = assertError(res, 400, 'invalid_request');
        assert.ok(body.issues.length > 0);
        assert.equal(body.issues[0].path[0], 'body');
        const listed = (await get(`/api/admin/tenants?q=${encodeURIComponent(payload.slug || 'zzzz-none')}`, operatorAdmin)).json();
        assert.ok(!listed.items.some((t: { slug: string }) => t.slug === payload.slug), 'nothing created');
      });
    }

    it('answers 403 csrf_failed without the CSRF header, with a wrong one, or with another session’s', async () => {
      const payload = { name: 'Sans jeton', slug: 'csrf-victim', kind: 'commune' };
      const base = { 'content-type': 'application/json', cookie: operatorAdmin.cookie, origin: TEST_ORIGIN };
      const missing = await app.inject({ method: 'POST', url: '/api/admin/tenants', payload, headers: base });
      assertError(missing, 403, 'csrf_failed');
      const wrong = await app.inject({ method: 'POST', url: '/api/admin/tenants', payload, headers: { ...base, 'x-csrf-token': 'x'.repeat(43) } });
      assertError(wrong, 403, 'csrf_failed');
      const empty = await app.inject({ method: 'POST', url: '/api/admin/tenants', payload, headers: { ...base, 'x-csrf-token': '' } });
      assertError(empty, 403, 'csrf_failed');
      const other = await app.inject({ method: 'POST', url: '/api/admin/tenants', payload, headers: { ...base, 'x-csrf-token': adminA.csrfToken } });
      assertError(other, 403, 'csrf_failed');
      const listed = (await get('/api/admin/tenants?q=csrf-victim', operatorAdmin)).json();
      assert.equal(listed.total, 0, 'nothing created');
    });

    it('answers 403 when the Origin header is another site’s, even with the right CSRF token', async () => {
      for (const origin of ['https://evil.example', 'http://localhost:3001', 'https://localhost:3000', 'null']) {
        const res = await createTenantAs(operatorAdmin, { name: 'Cross-site', slug: 'cross-site', kind: 'commune' }, { origin });
        assertError(res, 403, 'forbidden');
      }
      assert.equal((await get('/api/admin/tenants?q=cross-site', operatorAdmin)).json().total, 0);
      const sameOrigin = await createTenantAs(operatorAdmin, { name: 'Same site', slug: 'same-site', kind: 'commune' }, { origin: TEST_ORIGIN });
      assert.equal(sameOrigin.statusCode, 201, sameOrigin.body);
    });
  });
});
