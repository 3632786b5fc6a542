// The fleet (issue 17), end to end on the server: computers and security keys entered in
// the inventory, given to agents with dated assignments, their statuses (stolen only
// through the helpdesk, retired final and revoking), deployment waves and their progress,
// the CSV export, the audit trail (fleet.*), and every denial in the usual error shape.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, devices, sessions } from '../../db/schema.ts';

type Session = { cookie: string; csrfToken: string };
type Method = 'POST' | 'PATCH' | 'GET';

describe('the fleet: inventory, assignments, waves, export', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantA: string;
  let admin: Session;
  let helpdesk: Session;
  let agent: Session;
  let other: Session;
  let claire: string;
  let yann: string;
  let leaver: string;
  let foreignAgent: string;
  let foreignLaptop: string;

  const send = (method: Method, url: string, session: Session | null, payload?: unknown) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      },
    });
  const ok = async (method: Method, url: string, payload?: unknown, status = method === 'POST' && !url.includes('/assign') && !url.includes('/registration') && !url.includes('/stolen') ? 201 : 200) => {
    const res = await send(method, url, admin, payload);
    assert.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const refused = async (method: Method, url: string, payload: unknown, status: number, message?: RegExp, session: Session = admin) => {
    const res = await send(method, url, session, payload);
    assert.equal(res.statusCode, status, res.body);
    if (message) assert.match(res.body, message);
    return res.json();
  };
  const auditOf = (action: string, targetId?: string) =>
    database.tenant(tenantA, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), targetId ? eq(auditEvents.targetId, targetId) : undefined))
        .orderBy(auditEvents.seq),
    );

  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantA = (await makeTenant(database, { name: 'Département des Côtes-d’Armor' })).id;
    const a = await makeAgent(database, tenantA, { roles: ['agent', 'admin'] });
    admin = await makeSession(database, tenantA, a.id);
    const h = await makeAgent(database, tenantA, { roles: ['agent', 'helpdesk'] });
    helpdesk = await makeSession(database, tenantA, h.id);
    const g = await makeAgent(database, tenantA, { roles: ['agent', 'manager'] });
    agent = await makeSession(database, tenantA, g.id);
    claire = (await makeAgent(database, tenantA, { firstName: 'Claire', lastName: 'Le Goff' })).id;
    yann = (await makeAgent(database, tenantA, { firstName: 'Yann', lastName: 'Morvan' })).id;
    leaver = (await makeAgent(database, tenantA, { firstName: 'Paul', lastName: 'Départ' })).id;
    const b = (await makeTenant(database, { name: 'Département du Finistère' })).id;
    const otherAdmin = await makeAgent(database, b, { roles: ['agent', 'admin'] });
    other = await makeSession(database, b, otherAdmin.id);
    foreignAgent = (await makeAgent(database, b)).id;
    const l = await send('POST', '/api/admin/fleet/laptops', other, { serial: 'FIN-0001', kind: 'managed' });
    assert.equal(l.statusCode, 201, l.body);
    foreignLaptop = l.json().id;
    const d = await send('POST', `/api/admin/agents/${leaver}/deactivate`, admin, {});
    assert.equal(d.statusCode, 200, d.body);
  });
  after(async () => close());

  describe('computers', () => {
    let laptop: string;

    it('enters a laptop in stock, named after its serial; listed and searched; audited', async () => {
      const created = await ok('POST', '/api/admin/fleet/laptops', { serial: 'PF3K9ZQ1', model: 'Lenovo ThinkPad T14 Gen 5', kind: 'managed' });
      laptop = created.id;
      assert.equal(created.name, 'PF3K9ZQ1');
      assert.equal(created.status, 'in-stock');
      assert.equal(created.assignee, null);
      assert.equal(created.registeredAt, null);
      const list = await ok('GET', '/api/admin/fleet/laptops?q=thinkpad');
      assert.deepEqual(list.items.map((l: { id: string }) => l.id), [laptop]);
      assert.equal((await ok('GET', '/api/admin/fleet/laptops?status=assigned')).total, 0);
      const [event] = await auditOf('fleet.laptop_created', laptop);
      assert.deepEqual(event!.data, { name: 'PF3K9ZQ1', kind: 'managed', serial: 'PF3K9ZQ1', model: 'Lenovo ThinkPad T14 Gen 5' });
    });

    it('refuses a serial another computer of the tenant has: 409 (another tenant may have it)', async () => {
      await refused('POST', '/api/admin/fleet/laptops', { serial: 'PF3K9ZQ1', kind: 'thin-client' }, 409, /numéro de série « PF3K9ZQ1 »/);
      const t = await ok('POST', '/api/admin/fleet/laptops', { serial: 'TC-0001', kind: 'thin-client', name: 'Client léger accueil' });
      await refused('PATCH', `/api/admin/fleet/laptops/${t.id}`, { serial: 'PF3K9ZQ1' }, 409, /numéro de série/);
      assert.equal((await send('POST', '/api/admin/fleet/laptops', other, { serial: 'PF3K9ZQ1', kind: 'managed' })).statusCode, 201);
    });

    it('gives it to an agent, then to another: dated assignments, the first one ended; audited', async () => {
      const given = await ok('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: claire });
      assert.equal(given.status, 'assigned');
      assert.deepEqual(given.assignee, { id: claire, name: 'Claire Le Goff' });
      assert.ok(given.assignedAt);
      // The same agent again changes nothing.
      await ok('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: claire });
      const moved = await ok('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: yann });
      assert.equal(moved.assignee.name, 'Yann Morvan');
      const history = await ok('GET', `/api/admin/fleet/assignments?laptopId=${laptop}`);
      assert.deepEqual(
        history.items.map((h: { agent: { id: string }; to: string | null }) => [h.agent.id, h.to === null]),
        [
          [yann, true],
          [claire, false],
        ],
      );
      assert.equal((await ok('GET', `/api/admin/fleet/assignments?agentId=${claire}`)).items.length, 1);
      const events = await auditOf('fleet.laptop_assigned', laptop);
      assert.equal(events.length, 2);
      assert.deepEqual(events[1]!.data, { agent: yann, previousAgent: claire, previousStatus: 'assigned' });
      // The helpdesk's agent file shows the computer its holder has, and only to that holder's file.
      const file = async (id: string) => {
        const res = await send('GET', `/api/helpdesk/agents/${id}`, helpdesk);
        assert.equal(res.statusCode, 200, res.body);
        return res.json() as { devices: { id: string; status: string; serial: string | null; stolenAt: string | null }[] };
      };
      assert.deepEqual((await file(yann)).devices.map((d) => [d.id, d.status, d.serial]), [[laptop, 'assigned', 'PF3K9ZQ1']]);
      assert.deepEqual((await file(claire)).devices, []);
    });

    it('refuses an agent of another tenant (404) and a deactivated agent (409)', async () => {
      await refused('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: foreignAgent }, 404);
      await refused('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: leaver }, 409, /désactivé/);
    });

    it('refuses `assigned` and `stolen` by a status change: 409 (assign, the helpdesk)', async () => {
      await refused('PATCH', `/api/admin/fleet/laptops/${laptop}`, { status: 'stolen' }, 409, /Seule l’assistance/);
      const t = await ok('POST', '/api/admin/fleet/laptops', { serial: 'PF-STOCK', kind: 'managed' });
      await refused('PATCH', `/api/admin/fleet/laptops/${t.id}`, { status: 'assigned' }, 409, /Attribuer/);
      assert.equal((await ok('GET', `/api/admin/fleet/laptops?q=PF3K9ZQ1`)).items[0].status, 'assigned');
    });

    it('back to stock: the assignment ends; in repair it cannot be given (409) until back in stock', async () => {
      const back = await ok('PATCH', `/api/admin/fleet/laptops/${laptop}`, { status: 'in-stock', model: 'ThinkPad T14' });
      assert.equal(back.status, 'in-stock');
      assert.equal(back.assignee, null);
      assert.equal(back.model, 'ThinkPad T14');
      const history = await ok('GET', `/api/admin/fleet/assignments?laptopId=${laptop}`);
      assert.ok(history.items.every((h: { to: string | null }) => h.to !== null));
      const [event] = await auditOf('fleet.laptop_updated', laptop);
      assert.deepEqual(event!.data, {
        changes: { model: { before: 'Lenovo ThinkPad T14 Gen 5', after: 'ThinkPad T14' }, status: { before: 'assigned', after: 'in-stock' }, assignee: { before: yann, after: null } },
      });
      await ok('PATCH', `/api/admin/fleet/laptops/${laptop}`, { status: 'in-repair' });
      await refused('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: claire }, 409, /réparation/);
      await ok('PATCH', `/api/admin/fleet/laptops/${laptop}`, { status: 'in-stock' });
      await ok('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: claire });
    });

    it('a retired computer is revoked (its sessions end) and changes no more: assigning it is 409', async () => {
      const r = await ok('POST', '/api/admin/fleet/laptops', { serial: 'OLD-2019', kind: 'managed' });
      await ok('POST', `/api/admin/fleet/laptops/${r.id}/assign`, { agentId: yann });
      // A session opened on that computer.
      const s = await makeSession(database, tenantA, yann);
      await database.tenant(tenantA, (tx) => tx.update(sessions).set({ deviceId: r.id }).where(eq(sessions.id, s.sessionId)));
      const retired = await ok('PATCH', `/api/admin/fleet/laptops/${r.id}`, { status: 'retired' });
      assert.equal(retired.status, 'retired');
      assert.equal(retired.assignee, null);
      const [row] = await database.tenant(tenantA, (tx) => tx.select().from(devices).where(eq(devices.id, r.id)));
      assert.ok(row!.revokedAt);
      const [session] = await database.tenant(tenantA, (tx) => tx.select().from(sessions).where(eq(sessions.id, s.sessionId)));
      assert.ok(session!.revokedAt, 'the session on the retired computer ended');
      await refused('POST', `/api/admin/fleet/laptops/${r.id}/assign`, { agentId: claire }, 409, /réformé/);
      await refused('PATCH', `/api/admin/fleet/laptops/${r.id}`, { status: 'in-stock' }, 409, /réformé/);
      await refused('POST', `/api/admin/fleet/laptops/${r.id}/registration`, undefined, 409);
    });

    it('declared stolen by the helpdesk: the fleet shows it stolen, its holding ended; nothing changes it after', async () => {
      const stolen = await send('POST', `/api/helpdesk/devices/${laptop}/stolen`, helpdesk, {});
      assert.equal(stolen.statusCode, 200, stolen.body);
      const row = (await ok('GET', '/api/admin/fleet/laptops?q=PF3K9ZQ1')).items[0];
      assert.equal(row.status, 'stolen');
      assert.ok(row.stolenAt);
      assert.equal(row.assignee, null);
      const history = await ok('GET', `/api/admin/fleet/assignments?laptopId=${laptop}`);
      assert.ok(history.items[0].to, 'the holding ended when it was stolen');
      // Its last holder's file in the helpdesk still shows it, stolen, with the date.
      const holder = (history.items[0] as { agent: { id: string } }).agent.id;
      const held = ((await send('GET', `/api/helpdesk/agents/${holder}`, helpdesk)).json() as { devices: { id: string; status: string; stolenAt: string | null }[] }).devices;
      assert.deepEqual(held.map((d) => [d.id, d.status, Boolean(d.stolenAt)]), [[laptop, 'stolen', true]]);
      await refused('PATCH', `/api/admin/fleet/laptops/${laptop}`, { status: 'in-stock' }, 409, /volé/);
      await refused('POST', `/api/admin/fleet/laptops/${laptop}/assign`, { agentId: claire }, 409, /volé/);
    });

    it('the database keeps `stolen` and stolen_at together, even for the owner', async () => {
      await assert.rejects(database.ownerQuery(`update devices set status = 'stolen' where serial = 'PF-STOCK'`), /devices_stolen_status/);
    });

    it('a registration link for a computer of the inventory; the device registered from it shows its browser', async () => {
      const c = await ok('POST', '/api/admin/fleet/laptops', { serial: 'PF-REG-1', kind: 'managed' });
      const { token, link } = await ok('POST', `/api/admin/fleet/laptops/${c.id}/registration`);
      assert.match(link, /\/device#/);
      const reg = await app.inject({
        method: 'POST',
        url: '/api/devices/register',
        payload: { token },
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' },
      });
      assert.equal(reg.statusCode, 200, reg.body);
      const row = (await ok('GET', '/api/admin/fleet/laptops?q=PF-REG-1')).items[0];
      assert.ok(row.registeredAt);
      assert.match(row.registeredUserAgent, /Firefox/);
      await refused('POST', `/api/admin/fleet/laptops/${c.id}/registration`, undefined, 409, /déjà enregistré/);
      assert.equal((await auditOf('fleet.laptop_registration_link', c.id)).length, 1);
    });

    it('a device registered through POST /api/admin/devices is a computer of the inventory, assigned when an agent is named', async () => {
      const d = await ok('POST', '/api/admin/devices', { name: 'PC-0042 (Marc)', kind: 'managed', assignedAgentId: claire });
      const row = (await ok('GET', '/api/admin/fleet/laptops?q=PC-0042')).items[0];
      assert.equal(row.id, d.device.id);
      assert.equal(row.status, 'assigned');
      assert.equal(row.assignee.id, claire);
      assert.equal((await ok('GET', `/api/admin/fleet/assignments?laptopId=${row.id}`)).items.length, 1);
    });
  });

  describe('security keys', () => {
    let key: string;

    it('enters keys by serial, AAGUID or both; neither is 400; a duplicate serial 409; audited', async () => {
      const k = await ok('POST', '/api/admin/fleet/keys', { serial: 'YK-21345678', aaguid: 'CB69481E-8FF7-4039-93EC-0A2729A154A8', model: 'YubiKey 5 NFC' });
      key = k.id;
      assert.equal(k.status, 'in-stock');
      assert.equal(k.aaguid, 'cb69481e-8ff7-4039-93ec-0a2729a154a8');
      await ok('POST', '/api/admin/fleet/keys', { aaguid: 'ee882879-721c-4913-9775-3dfcce97072a' });
      await refused('POST', '/api/admin/fleet/keys', { model: 'Sans identifiant' }, 400, /Numéro de série ou AAGUID/);
      await refused('POST', '/api/admin/fleet/keys', { aaguid: 'pas-un-aaguid' }, 400, /AAGUID invalide/);
      await refused('POST', '/api/admin/fleet/keys', { serial: 'YK-21345678' }, 409, /YK-21345678/);
      assert.equal((await auditOf('fleet.key_created', key)).length, 1);
      assert.equal((await ok('GET', '/api/admin/fleet/keys?q=yubikey')).total, 1);
    });

    it('gives a key to an agent; lost: its holding ends and it cannot be given (409); found: back in stock', async () => {
      const given = await ok('POST', `/api/admin/fleet/keys/${key}/assign`, { agentId: claire });
      assert.equal(given.status, 'assigned');
      assert.equal(given.assignee.name, 'Claire Le Goff');
      const lost = await ok('PATCH', `/api/admin/fleet/keys/${key}`, { status: 'lost' });
      assert.equal(lost.assignee, null);
      await refused('POST', `/api/admin/fleet/keys/${key}/assign`, { agentId: claire }, 409, /perdue/);
      await refused('PATCH', `/api/admin/fleet/keys/${key}`, { status: 'assigned' }, 409);
      await ok('PATCH', `/api/admin/fleet/keys/${key}`, { status: 'in-stock' });
      await ok('POST', `/api/admin/fleet/keys/${key}/assign`, { agentId: claire });
      assert.equal((await ok('GET', `/api/admin/fleet/assignments?keyId=${key}`)).items.length, 2);
      assert.equal((await auditOf('fleet.key_updated', key)).length, 2);
      assert.equal((await auditOf('fleet.key_assigned', key)).length, 2);
    });

    it('a key keeps one identifier; a retired key changes no more', async () => {
      const k = await ok('POST', '/api/admin/fleet/keys', { serial: 'YK-RET' });
      await refused('PATCH', `/api/admin/fleet/keys/${k.id}`, { serial: null }, 409, /numéro de série ou un AAGUID/);
      await ok('PATCH', `/api/admin/fleet/keys/${k.id}`, { status: 'retired' });
      await refused('PATCH', `/api/admin/fleet/keys/${k.id}`, { status: 'in-stock' }, 409, /réformée/);
      await refused('POST', `/api/admin/fleet/keys/${k.id}/assign`, { agentId: yann }, 409, /réformée/);
    });
  });

  describe('deployment waves', () => {
    let wave: string;

    it('creates a wave of agents to equip by a date; its progress counts who holds a computer and a key', async () => {
      wave = (await ok('POST', '/api/admin/fleet/waves', { name: 'Vague 1 — MDD de Lannion', dueDate: '2027-01-15', agentIds: [claire, yann] })).id;
      const [w] = (await ok('GET', '/api/admin/fleet/waves')).items;
      // Claire holds a computer (PC-0042) and a key: equipped; Yann holds nothing now.
      assert.deepEqual({ name: w.name, dueDate: w.dueDate, agents: w.agents, equipped: w.equipped }, { name: 'Vague 1 — MDD de Lannion', dueDate: '2027-01-15', agents: 2, equipped: 1 });
      const members = await ok('GET', `/api/admin/fleet/waves/${wave}/agents`);
      assert.deepEqual(
        members.items.map((a: { name: string; laptop: boolean; key: boolean; equipped: boolean }) => [a.name, a.laptop, a.key, a.equipped]),
        [
          ['Claire Le Goff', true, true, true],
          ['Yann Morvan', false, false, false],
        ],
      );
      const [event] = await auditOf('fleet.wave_created', wave);
      assert.deepEqual((event!.data as { agents: string[] }).agents.sort(), [claire, yann].sort());
    });

    it('the progress moves as Yann is given a computer and a key', async () => {
      const c = await ok('POST', '/api/admin/fleet/laptops', { serial: 'PF-YANN', kind: 'managed' });
      await ok('POST', `/api/admin/fleet/laptops/${c.id}/assign`, { agentId: yann });
      assert.equal((await ok('GET', '/api/admin/fleet/waves')).items[0].equipped, 1);
      const k = await ok('POST', '/api/admin/fleet/keys', { serial: 'YK-YANN' });
      await ok('POST', `/api/admin/fleet/keys/${k.id}/assign`, { agentId: yann });
      assert.equal((await ok('GET', '/api/admin/fleet/waves')).items[0].equipped, 2);
    });

    it('renames, moves the date, removes and adds agents; audited; a duplicate name 409; another tenant’s agent 404', async () => {
      const w = await ok('PATCH', `/api/admin/fleet/waves/${wave}`, { name: 'Vague 1 — Lannion', dueDate: '2027-02-01', removeAgentIds: [yann] });
      assert.deepEqual([w.name, w.dueDate, w.agents, w.equipped], ['Vague 1 — Lannion', '2027-02-01', 1, 1]);
      const [event] = await auditOf('fleet.wave_updated', wave);
      assert.deepEqual(event!.data, {
        changes: { name: { before: 'Vague 1 — MDD de Lannion', after: 'Vague 1 — Lannion' }, dueDate: { before: '2027-01-15', after: '2027-02-01' }, agentsRemoved: [yann] },
      });
      assert.equal((await ok('PATCH', `/api/admin/fleet/waves/${wave}`, { addAgentIds: [yann, leaver] })).agents, 3);
      await ok('POST', '/api/admin/fleet/waves', { name: 'Vague 2', dueDate: '2027-03-01' });
      await refused('PATCH', `/api/admin/fleet/waves/${wave}`, { name: 'Vague 2' }, 409, /Vague 2/);
      await refused('POST', '/api/admin/fleet/waves', { name: 'Vague 2', dueDate: '2027-03-01' }, 409);
      await refused('POST', '/api/admin/fleet/waves', { name: 'Vague 3', dueDate: '2027-03-01', agentIds: [foreignAgent] }, 404);
      await refused('POST', '/api/admin/fleet/waves', { name: 'Vague 3', dueDate: '2027-02-30' }, 400, /Date invalide/);
      assert.deepEqual((await ok('GET', '/api/admin/fleet/waves?q=lannion')).items.map((x: { id: string }) => x.id), [wave]);
      const search = await ok('GET', `/api/admin/fleet/waves/${wave}/agents?q=morvan`);
      assert.deepEqual(search.items.map((a: { id: string }) => a.id), [yann]);
    });

    it('another tenant’s wave is 404', async () => {
      await refused('PATCH', `/api/admin/fleet/waves/${wave}`, { name: 'X' }, 404, undefined, other);
      await refused('GET', `/api/admin/fleet/waves/${wave}/agents`, undefined, 404, undefined, other);
    });
  });

  describe('CSV export', () => {
    it('UTF-8 with BOM, `;`, CRLF, an attachment, formulas defused; computers then keys; audited', async () => {
      await ok('POST', '/api/admin/fleet/laptops', { serial: 'PF-CSV', model: '=HYPERLINK("http://x";"y")', kind: 'thin-client' });
      const res = await send('GET', '/api/admin/fleet/export', admin);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="parc-\d{4}-\d{2}-\d{2}\.csv"$/);
      assert.ok(res.body.startsWith('\uFEFFobjet;type;nom;numéro de série;AAGUID;modèle;état;attribué à;attribué depuis;enregistré le;entré au parc le\r\n'));
      const lines = res.body.slice(1).split('\r\n');
      assert.equal(lines.at(-1), '');
      const csv = lines.find((l) => l.includes('PF-CSV'))!;
      assert.match(csv, /^ordinateur;client léger;PF-CSV;PF-CSV;;"'=HYPERLINK\(""http:\/\/x"";""y""\)";en stock;;;;\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      const claireLine = lines.find((l) => l.startsWith('ordinateur;ordinateur portable;PC-0042 (Marc)'))!;
      assert.match(claireLine, /;attribué;Claire Le Goff;\d{4}-/);
      assert.ok(lines.some((l) => l.startsWith('clé de sécurité;;;YK-21345678;cb69481e-8ff7-4039-93ec-0a2729a154a8;YubiKey 5 NFC;attribuée;Claire Le Goff;')));
      const firstKey = lines.findIndex((l) => l.startsWith('clé de sécurité'));
      assert.ok(lines.slice(firstKey).every((l) => !l.startsWith('ordinateur')), 'computers first, then keys');
      assert.ok(!res.body.includes('FIN-0001'), 'only the tenant’s own inventory');
      assert.equal((await auditOf('fleet.exported')).length, 1);
    });
  });

  describe('CSV export in batches', () => {
    it('reads past one batch (500) with every row once, computers by name, then keys', async () => {
      await database.ownerQuery(`insert into devices (tenant_id, name, kind, serial)
        select '${tenantA}', 'BULK-' || lpad(g::text, 4, '0'), 'managed', 'BULK-' || g from generate_series(1, 520) g`);
      await database.ownerQuery(`insert into fleet_keys (tenant_id, serial, created_at)
        select '${tenantA}', 'KBULK-' || g, now() + (g || ' microseconds')::interval from generate_series(1, 510) g`);
      const res = await send('GET', '/api/admin/fleet/export', admin);
      assert.equal(res.statusCode, 200);
      const lines = res.body.slice(1).split('\r\n').slice(1, -1);
      const computers = lines.filter((l) => l.startsWith('ordinateur;')).map((l) => l.split(';')[2]!);
      const keys = lines.filter((l) => l.startsWith('clé de sécurité;')).map((l) => l.split(';')[3]!);
      const [{ n: deviceCount }] = (await database.ownerQuery(`select count(*)::int as n from devices where tenant_id = '${tenantA}'`)) as [{ n: number }];
      const [{ n: keyCount }] = (await database.ownerQuery(`select count(*)::int as n from fleet_keys where tenant_id = '${tenantA}'`)) as [{ n: number }];
      assert.equal(computers.length, deviceCount);
      assert.equal(new Set(computers).size, computers.length, 'no computer twice');
      assert.equal(keys.length, keyCount);
      assert.equal(new Set(keys).size, keys.length, 'no key twice');
      const bulk = computers.filter((c) => c.startsWith('BULK-'));
      assert.deepEqual(bulk, [...bulk].sort(), 'computers by name');
      assert.equal(bulk.length, 520);
    });
  });

  describe('denials', () => {
    const writes = () =>
      [
        ['POST', '/api/admin/fleet/laptops', { serial: 'X-1', kind: 'managed' }],
        ['PATCH', `/api/admin/fleet/laptops/${foreignLaptop}`, { model: 'X' }],
        ['POST', `/api/admin/fleet/laptops/${foreignLaptop}/assign`, { agentId: claire }],
        ['POST', `/api/admin/fleet/laptops/${foreignLaptop}/registration`, {}],
        ['POST', '/api/admin/fleet/keys', { serial: 'X-1' }],
        ['POST', '/api/admin/fleet/waves', { name: 'X', dueDate: '2027-01-01' }],
      ] as const;
    const reads = () => ['/api/admin/fleet/laptops', '/api/admin/fleet/keys', '/api/admin/fleet/waves', '/api/admin/fleet/export', `/api/admin/fleet/assignments?agentId=${claire}`];

    it('no session: 401', async () => {
      for (const [method, url, body] of writes()) assert.equal((await send(method, url, null, body)).statusCode, 401, url);
      for (const url of reads()) assert.equal((await send('GET', url, null)).statusCode, 401, url);
    });

    it('an agent who is not an administrator (the helpdesk included): 403 forbidden', async () => {
      for (const session of [agent, helpdesk]) {
        for (const [method, url, body] of writes()) {
          const res = await send(method, url, session, body);
          assert.equal(res.statusCode, 403, res.body);
          assert.equal(res.json().error, 'forbidden');
        }
        for (const url of reads()) assert.equal((await send('GET', url, session)).statusCode, 403, url);
      }
    });

    it('without the CSRF token: 403 csrf_failed', async () => {
      for (const [method, url, body] of writes()) {
        const res = await app.inject({ method, url, payload: body, headers: { 'content-type': 'application/json', cookie: admin.cookie } });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error, 'csrf_failed');
      }
    });

    it('another tenant’s computer: 404, and it is not listed', async () => {
      await refused('PATCH', `/api/admin/fleet/laptops/${foreignLaptop}`, { model: 'X' }, 404);
      await refused('POST', `/api/admin/fleet/laptops/${foreignLaptop}/assign`, { agentId: claire }, 404);
      await refused('POST', `/api/admin/fleet/laptops/${foreignLaptop}/registration`, undefined, 404);
      assert.equal((await ok('GET', '/api/admin/fleet/laptops?q=FIN-0001')).total, 0);
      assert.equal((await ok('GET', `/api/admin/fleet/assignments?laptopId=${foreignLaptop}`)).items.length, 0);
    });

    it('malformed inputs: 400 invalid_request', async () => {
      await refused('POST', '/api/admin/fleet/laptops', { serial: ' ', kind: 'managed' }, 400, /Numéro de série obligatoire/);
      await refused('POST', '/api/admin/fleet/laptops', { serial: 'A', kind: 'tablet' }, 400);
      await refused('PATCH', `/api/admin/fleet/laptops/${foreignLaptop}`, { status: 'broken' }, 400);
      await refused('PATCH', `/api/admin/fleet/laptops/${foreignLaptop}`, {}, 400);
      await refused('GET', '/api/admin/fleet/assignments', undefined, 400);
    });
  });
});
