// Units and sites created and changed by an administrator (issue 17), end to end on the
// server: POST/PATCH /api/admin/units and /api/admin/sites, the lists showing the result,
// the audit trail (unit.created, unit.updated, site.created, site.updated with before and
// after), and every denial in the usual error shape.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';

type Session = { cookie: string; csrfToken: string };

describe('units and sites, created and changed by an administrator', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantA: string;
  let admin: Session;
  let adminId: string;
  let agent: Session;
  let foreignUnitId: string;
  let foreignSiteId: string;

  const send = (method: 'POST' | 'PATCH' | 'GET', url: string, session: Session | null, payload?: unknown) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      },
    });
  const ok = async (method: 'POST' | 'PATCH', url: string, payload: unknown, status = method === 'POST' ? 201 : 200) => {
    const res = await send(method, url, admin, payload);
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const auditOf = (action: string, targetId: string) =>
    database.tenant(tenantA, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId))).orderBy(auditEvents.seq),
    );
  const unitById = async (id: string) => {
    const list = await send('GET', '/api/admin/units?pageSize=100', admin);
    assert.equal(list.statusCode, 200, list.body);
    return list.json().items.find((u: { id: string }) => u.id === id);
  };
  const siteById = async (id: string) => {
    const list = await send('GET', '/api/admin/sites?pageSize=100', admin);
    assert.equal(list.statusCode, 200, list.body);
    return list.json().items.find((s: { id: string }) => s.id === id);
  };

  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantA = (await makeTenant(database, { name: 'Département des Côtes-d’Armor' })).id;
    const a = await makeAgent(database, tenantA, { roles: ['agent', 'admin'] });
    adminId = a.id;
    admin = await makeSession(database, tenantA, a.id);
    const g = await makeAgent(database, tenantA, { roles: ['agent', 'helpdesk', 'manager'] });
    agent = await makeSession(database, tenantA, g.id);
    const b = (await makeTenant(database, { name: 'Département du Finistère' })).id;
    const otherAdmin = await makeAgent(database, b, { roles: ['agent', 'admin'] });
    const other = await makeSession(database, b, otherAdmin.id);
    const u = await app.inject({ method: 'POST', url: '/api/admin/units', payload: { name: 'DGA Solidarités', code: 'DGAS', kind: 'direction' }, headers: { cookie: other.cookie, 'x-csrf-token': other.csrfToken } });
    assert.equal(u.statusCode, 201, u.body);
    foreignUnitId = u.json().id;
    const s = await app.inject({ method: 'POST', url: '/api/admin/sites', payload: { name: 'MDD de Quimper', kind: 'office', city: 'Quimper' }, headers: { cookie: other.cookie, 'x-csrf-token': other.csrfToken } });
    assert.equal(s.statusCode, 201, s.body);
    foreignSiteId = s.json().id;
  });
  after(async () => close());

  describe('units', () => {
    let direction: string;
    let territorial: string;
    let team: string;

    it('creates a tree; the list shows each unit with its path, open; each creation audited', async () => {
      direction = (await ok('POST', '/api/admin/units', { name: 'Direction de l’action sociale', code: 'DAS', kind: 'direction' })).id;
      territorial = (await ok('POST', '/api/admin/units', { name: 'Maison du département de Lannion', code: 'MDD-LAN', kind: 'territorial', parentId: direction })).id;
      team = (await ok('POST', '/api/admin/units', { name: 'Équipe enfance', code: 'LAN-ENF', kind: 'team', parentId: territorial })).id;
      const row = await unitById(team);
      assert.deepEqual(row, {
        id: team,
        parentId: territorial,
        kind: 'team',
        code: 'LAN-ENF',
        name: 'Équipe enfance',
        path: 'Direction de l’action sociale › Maison du département de Lannion › Équipe enfance',
        closedAt: null,
      });
      const events = await auditOf('unit.created', territorial);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actorId, adminId);
      assert.deepEqual(events[0]!.data, { name: 'Maison du département de Lannion', code: 'MDD-LAN', kind: 'territorial', parentId: direction });
    });

    it('renames, changes code and kind; audited with before and after; the same values again audit nothing', async () => {
      const res = await ok('PATCH', `/api/admin/units/${territorial}`, { name: 'MDD de Lannion', code: 'LAN', kind: 'service' });
      assert.equal(res.name, 'MDD de Lannion');
      assert.equal(res.code, 'LAN');
      assert.equal(res.kind, 'service');
      assert.equal((await unitById(team)).path, 'Direction de l’action sociale › MDD de Lannion › Équipe enfance');
      await ok('PATCH', `/api/admin/units/${territorial}`, { name: 'MDD de Lannion', code: 'LAN' });
      const events = await auditOf('unit.updated', territorial);
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]!.data, {
        changes: {
          name: { before: 'Maison du département de Lannion', after: 'MDD de Lannion' },
          code: { before: 'MDD-LAN', after: 'LAN' },
          kind: { before: 'territorial', after: 'service' },
        },
      });
    });

    it('moves a unit to the root and back under another; audited', async () => {
      const root = await ok('PATCH', `/api/admin/units/${team}`, { parentId: null });
      assert.equal(root.parentId, null);
      assert.equal(root.path, 'Équipe enfance');
      const back = await ok('PATCH', `/api/admin/units/${team}`, { parentId: direction });
      assert.equal(back.path, 'Direction de l’action sociale › Équipe enfance');
      const events = await auditOf('unit.updated', team);
      assert.deepEqual(
        events.map((e) => e.data),
        [{ changes: { parentId: { before: territorial, after: null } } }, { changes: { parentId: { before: null, after: direction } } }],
      );
      await ok('PATCH', `/api/admin/units/${team}`, { parentId: territorial });
    });

    it('refuses a cycle: under itself or one of its descendants (409), nothing changed', async () => {
      for (const parentId of [direction, territorial, team]) {
        const res = await send('PATCH', `/api/admin/units/${direction}`, admin, { parentId });
        assert.equal(res.statusCode, 409, res.body);
        assert.equal(res.json().error, 'conflict');
        assert.match(res.json().message, /boucle/);
      }
      assert.equal((await unitById(direction)).parentId, null);
    });

    it('refuses a duplicate code in the tenant on creation and change (409); another tenant’s code is free', async () => {
      const created = await send('POST', '/api/admin/units', admin, { name: 'Autre', code: 'DAS', kind: 'service' });
      assert.equal(created.statusCode, 409, created.body);
      assert.equal(created.json().error, 'conflict');
      assert.match(created.json().message, /DAS/);
      const changed = await send('PATCH', `/api/admin/units/${team}`, admin, { code: 'LAN' });
      assert.equal(changed.statusCode, 409, changed.body);
      assert.equal((await unitById(team)).code, 'LAN-ENF');
      await ok('POST', '/api/admin/units', { name: 'Solidarités', code: 'DGAS', kind: 'direction' });
    });

    it('closes a unit: listed with its closing date, audited; it receives no new unit or site (409); reopened, it does', async () => {
      const closed = await ok('PATCH', `/api/admin/units/${territorial}`, { closed: true });
      assert.ok(closed.closedAt);
      assert.ok(Math.abs(Date.parse(closed.closedAt) - Date.now()) < 60_000);
      assert.equal((await unitById(territorial)).closedAt, closed.closedAt);
      assert.equal((await unitById(team)).parentId, territorial, 'its history (its children) is kept');
      const [event] = await auditOf('unit.updated', territorial).then((e) => e.slice(-1));
      assert.deepEqual(event!.data, { changes: { closedAt: { before: null, after: closed.closedAt } } });

      const child = await send('POST', '/api/admin/units', admin, { name: 'Équipe insertion', code: 'LAN-INS', kind: 'team', parentId: territorial });
      assert.equal(child.statusCode, 409, child.body);
      assert.match(child.json().message, /fermée/);
      const moved = await send('PATCH', `/api/admin/units/${direction}`, admin, { parentId: territorial });
      assert.equal(moved.statusCode, 409);
      const site = await send('POST', '/api/admin/sites', admin, { name: 'Permanence de Perros', kind: 'permanence', city: 'Perros-Guirec', unitId: territorial });
      assert.equal(site.statusCode, 409, site.body);
      // Closing again changes nothing; a closed unit can still be renamed.
      assert.equal((await ok('PATCH', `/api/admin/units/${territorial}`, { closed: true })).closedAt, closed.closedAt);
      assert.equal((await ok('PATCH', `/api/admin/units/${territorial}`, { name: 'MDD de Lannion (ancienne)' })).closedAt, closed.closedAt);

      const reopened = await ok('PATCH', `/api/admin/units/${territorial}`, { closed: false });
      assert.equal(reopened.closedAt, null);
      await ok('POST', '/api/admin/units', { name: 'Équipe insertion', code: 'LAN-INS', kind: 'team', parentId: territorial });
    });

    it('another tenant’s unit, as the unit or the parent, is not found (404)', async () => {
      const patch = await send('PATCH', `/api/admin/units/${foreignUnitId}`, admin, { name: 'Pris' });
      assert.equal(patch.statusCode, 404, patch.body);
      assert.equal(patch.json().error, 'not_found');
      assert.equal((await send('POST', '/api/admin/units', admin, { name: 'X', code: 'X', kind: 'team', parentId: foreignUnitId })).statusCode, 404);
      assert.equal((await send('PATCH', `/api/admin/units/${team}`, admin, { parentId: foreignUnitId })).statusCode, 404);
      assert.equal((await send('PATCH', `/api/admin/units/${crypto.randomUUID()}`, admin, { name: 'X' })).statusCode, 404);
    });
  });

  describe('sites', () => {
    let unitId: string;
    let siteId: string;
    const hours = [
      { weekday: 'monday', opens: '08:30', closes: '12:00' },
      { weekday: 'monday', opens: '13:30', closes: '17:00' },
      { weekday: 'thursday', opens: '09:00', closes: '12:00' },
    ];

    it('creates a site; the list shows it; audited', async () => {
      unitId = (await ok('POST', '/api/admin/units', { name: 'MDD de Guingamp', code: 'GUI', kind: 'territorial' })).id;
      siteId = (await ok('POST', '/api/admin/sites', { name: 'Permanence de Bégard', kind: 'permanence', unitId, street: '2 place de la Mairie', postalCode: '22140', city: 'Bégard' })).id;
      assert.deepEqual(await siteById(siteId), {
        id: siteId,
        unitId,
        kind: 'permanence',
        name: 'Permanence de Bégard',
        street: '2 place de la Mairie',
        postalCode: '22140',
        city: 'Bégard',
        sharedWithPartners: false,
        openingHours: [],
      });
      const [event] = await auditOf('site.created', siteId);
      assert.equal(event!.actorId, adminId);
      assert.deepEqual(event!.data, { name: 'Permanence de Bégard', kind: 'permanence', unitId, street: '2 place de la Mairie', postalCode: '22140', city: 'Bégard', sharedWithPartners: false, openingHours: [] });
      const minimal = await ok('POST', '/api/admin/sites', { name: 'Télécentre de Callac', kind: 'telecentre', city: 'Callac' });
      assert.equal((await siteById(minimal.id)).unitId, null);
    });

    it('changes its fields, sharing and opening hours; audited with before and after; the same values audit nothing', async () => {
      const res = await ok('PATCH', `/api/admin/sites/${siteId}`, { sharedWithPartners: true, openingHours: hours, street: null, unitId: null });
      assert.equal(res.sharedWithPartners, true);
      assert.deepEqual(res.openingHours, hours);
      assert.equal(res.street, null);
      assert.deepEqual(await siteById(siteId), res);
      await ok('PATCH', `/api/admin/sites/${siteId}`, { sharedWithPartners: true, openingHours: hours });
      const events = await auditOf('site.updated', siteId);
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]!.data, {
        changes: {
          unitId: { before: unitId, after: null },
          street: { before: '2 place de la Mairie', after: null },
          sharedWithPartners: { before: false, after: true },
          openingHours: { before: [], after: hours },
        },
      });
      const renamed = await ok('PATCH', `/api/admin/sites/${siteId}`, { name: 'Permanence de Bégard (mairie)', kind: 'office', city: 'Bégard', postalCode: '22140', unitId });
      assert.equal(renamed.name, 'Permanence de Bégard (mairie)');
      assert.equal(renamed.unitId, unitId);
    });

    it('another tenant’s site or unit is not found (404)', async () => {
      assert.equal((await send('PATCH', `/api/admin/sites/${foreignSiteId}`, admin, { name: 'Pris' })).statusCode, 404);
      assert.equal((await send('PATCH', `/api/admin/sites/${siteId}`, admin, { unitId: foreignUnitId })).statusCode, 404);
      const created = await send('POST', '/api/admin/sites', admin, { name: 'X', kind: 'office', city: 'Y', unitId: foreignUnitId });
      assert.equal(created.statusCode, 404, created.body);
      assert.equal(created.json().error, 'not_found');
      assert.equal((await siteById(siteId)).unitId, unitId);
    });

    for (const [label, body, message] of [
      ['overlapping opening hours', { openingHours: [{ weekday: 'monday', opens: '08:00', closes: '12:00' }, { weekday: 'monday', opens: '11:00', closes: '14:00' }] }, /chevauchent/],
      ['a closing before the opening', { openingHours: [{ weekday: 'friday', opens: '14:00', closes: '09:00' }] }, /fermeture/],
      ['a badly written time', { openingHours: [{ weekday: 'friday', opens: '9h', closes: '12:00' }] }, /HH:MM/],
      ['an unknown weekday', { openingHours: [{ weekday: 'lundi', opens: '09:00', closes: '12:00' }] }, null],
      ['a postal code that is not five digits', { postalCode: '2214' }, /cinq chiffres/],
      ['an empty city', { city: '  ' }, /Commune obligatoire/],
      ['an unknown kind', { kind: 'warehouse' }, null],
      ['an empty change', {}, /au moins un champ/],
      ['an unknown field', { name: 'X', tenantId: crypto.randomUUID() }, null],
    ] as const) {
      it(`refuses ${label} (400, in French)`, async () => {
        const res = await send('PATCH', `/api/admin/sites/${siteId}`, admin, body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error, 'invalid_request');
        if (message) assert.match(res.body, message);
      });
    }
  });

  describe('denials', () => {
    const writes = () =>
      [
        ['POST', '/api/admin/units', { name: 'U', code: 'U1', kind: 'team' }],
        ['PATCH', `/api/admin/units/${foreignUnitId}`, { name: 'U' }],
        ['POST', '/api/admin/sites', { name: 'S', kind: 'office', city: 'C' }],
        ['PATCH', `/api/admin/sites/${foreignSiteId}`, { name: 'S' }],
      ] as const;

    it('no session: 401', async () => {
      for (const [method, url, body] of writes()) assert.equal((await send(method, url, null, body)).statusCode, 401, url);
    });

    it('an agent who is not an administrator: 403 forbidden', async () => {
      for (const [method, url, body] of writes()) {
        const res = await send(method, url, agent, body);
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error, 'forbidden');
      }
    });

    it('without the CSRF token: 403 csrf_failed', async () => {
      for (const [method, url, body] of writes()) {
        const res = await app.inject({ method, url, payload: body, headers: { 'content-type': 'application/json', cookie: admin.cookie } });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error, 'csrf_failed');
      }
    });

    for (const [label, body, message] of [
      ['an empty name', { name: ' ', code: 'A', kind: 'team' }, /Nom de l’unité obligatoire/],
      ['a code too long', { name: 'A', code: 'x'.repeat(51), kind: 'team' }, /Code de l’unité trop long/],
      ['an unknown kind', { name: 'A', code: 'A', kind: 'pole' }, null],
      ['a malformed parent', { name: 'A', code: 'A', kind: 'team', parentId: 'nope' }, null],
      ['an unknown field', { name: 'A', code: 'A', kind: 'team', closedAt: null }, null],
    ] as const) {
      it(`a unit with ${label}: 400 invalid_request`, async () => {
        const res = await send('POST', '/api/admin/units', admin, body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error, 'invalid_request');
        if (message) assert.match(res.body, message);
      });
    }

    it('an empty unit change or a malformed id: 400', async () => {
      assert.equal((await send('PATCH', `/api/admin/units/${foreignUnitId}`, admin, {})).statusCode, 400);
      assert.equal((await send('PATCH', '/api/admin/units/not-a-uuid', admin, { name: 'A' })).statusCode, 400);
      assert.equal((await send('PATCH', '/api/admin/sites/not-a-uuid', admin, { name: 'A' })).statusCode, 400);
    });
  });
});
