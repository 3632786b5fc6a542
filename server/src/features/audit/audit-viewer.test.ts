// The audit viewer end to end on the server (issue 17): the tenant's trail filtered by
// agent, actor, action, object and period, paged newest first, exported as CSV (audited),
// the chain's verification; administrators and the data protection officer only, and
// never another tenant's rows (row-level security).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { serviceScopes, type Role } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { createServiceToken } from '../service-tokens/index.ts';
import { auditEvent, type AuditEntry } from './index.ts';

type Session = { cookie: string; csrfToken: string };

describe('audit viewer', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantA: string;
  let tenantB: string;
  let adminA: { id: string; session: Session };
  let dpoA: { id: string; session: Session };
  let agentA: { id: string; session: Session };
  let adminB: { id: string; session: Session };
  let bToken: string;
  /** Events of tenant A appended by the test, at chosen times. */
  let baseline: number;
  /** The period of the appended events (the factories' own events are of today). */
  const spring = 'from=2026-01-01&to=2026-06-30';

  const get = (url: string, session: Session | null, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...(session ? { cookie: session.cookie } : {}), ...headers } });

  /** Appends events with chosen timestamps through audit_append, so the chain stays whole. */
  const append = (tenantId: string, entries: (AuditEntry & { at: string })[]) =>
    database.tenant(tenantId, async (tx) => {
      const events = entries.map(({ at, ...e }) => ({ ...auditEvent(e), at }));
      await tx.execute(sql`select audit_append(${tenantId}::uuid, ${JSON.stringify(events)}::jsonb)`);
    });

  const person = async (tenantId: string, roles: Role[], firstName: string, lastName: string) => {
    const a = await makeAgent(database, tenantId, { roles, firstName, lastName });
    return { id: a.id, session: await makeSession(database, tenantId, a.id) };
  };

  const list = async (session: Session, query = '') => {
    const res = await get(`/api/admin/audit${query ? `?${query}` : ''}`, session);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: { seq: number; action: string; actorName: string | null; actorId: string | null; targetId: string | null; at: string }[]; total: number; page: number; pageSize: number };
  };

  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantA = (await makeTenant(database, { name: 'Commune de Lannion' })).id;
    tenantB = (await makeTenant(database, { name: 'Commune de Guingamp' })).id;
    adminA = await person(tenantA, ['agent', 'admin'], 'Anne', 'Le Bihan');
    dpoA = await person(tenantA, ['agent', 'dpo'], 'Denis', 'Riou');
    agentA = await person(tenantA, ['agent', 'manager', 'helpdesk', 'alert_sender'], 'Gaël', 'Le Goff');
    adminB = await person(tenantB, ['agent', 'admin'], 'Bleuenn', 'Morvan');
    bToken = (await createServiceToken(database, { tenantId: tenantA, name: 'Intégration', scopes: [...serviceScopes], days: 30, actor: { type: 'cli' } })).token;
    baseline = (await list(adminA.session)).total;
    await append(tenantA, [
      { at: '2026-03-01T10:00:00.000Z', action: 'agent.updated', actor: { type: 'agent', id: adminA.id }, target: { type: 'agent', id: agentA.id }, data: { note: '=HYPERLINK("x");"y"' } },
      { at: '2026-03-02T09:00:00.000Z', action: 'agent_x.changed', actor: { type: 'system' }, target: { type: 'unit', id: '=1+1' } },
      { at: '2026-03-10T08:00:00.000Z', action: 'session.created', actor: { type: 'agent', id: agentA.id }, target: { type: 'session', id: 's-1' } },
      // 23:30 UTC on 15 March is 00:30 on the 16th in Paris.
      { at: '2026-03-15T23:30:00.000Z', action: 'session.revoked', actor: { type: 'agent', id: adminA.id }, target: { type: 'session', id: 's-1' } },
    ]);
    await append(tenantB, [
      { at: '2026-03-05T10:00:00.000Z', action: 'agent.updated', actor: { type: 'agent', id: adminB.id }, target: { type: 'agent', id: adminB.id } },
    ]);
  });
  after(async () => close());

  it('lists the tenant’s events newest first, with the acting agent’s name', async () => {
    const page = await list(adminA.session, 'pageSize=100');
    assert.equal(page.total, baseline + 4);
    assert.deepEqual(
      page.items.map((e) => e.seq),
      [...page.items.map((e) => e.seq)].sort((a, b) => b - a),
    );
    const revoked = page.items.find((e) => e.action === 'session.revoked')!;
    assert.equal(revoked.actorName, 'Anne Le Bihan');
    assert.equal(page.items.find((e) => e.action === 'agent_x.changed')!.actorName, null);
  });

  it('the data protection officer reads it too, though not an administrator', async () => {
    assert.equal((await list(dpoA.session)).total, baseline + 4);
    assert.equal((await get('/api/admin/agents', dpoA.session)).statusCode, 403, 'no admin area for the DPO');
  });

  it('filters by agent (actor or target), actor, action prefix, object', async () => {
    const byAgent = await list(adminA.session, `agentId=${agentA.id}&${spring}`);
    assert.deepEqual(byAgent.items.map((e) => e.action).sort(), ['agent.updated', 'session.created']);
    const byActor = await list(adminA.session, `actorId=${adminA.id}&${spring}`);
    assert.deepEqual(byActor.items.map((e) => e.action), ['session.revoked', 'agent.updated']);
    assert.deepEqual((await list(adminA.session, `action=session.&${spring}`)).items.map((e) => e.action), ['session.revoked', 'session.created']);
    // A prefix, its wildcards taken literally: `agent_` is not `agent.`.
    assert.deepEqual((await list(adminA.session, 'action=agent_')).items.map((e) => e.action), ['agent_x.changed']);
    assert.equal((await list(adminA.session, 'action=%25')).total, 0);
    const bySession = await list(adminA.session, `targetType=session&targetId=s-1&${spring}`);
    assert.deepEqual(bySession.items.map((e) => e.action), ['session.revoked', 'session.created']);
    assert.equal((await list(adminA.session, 'targetType=unit')).items.length, 1);
  });

  it('filters by period in Paris days, both ends included', async () => {
    const until15 = await list(adminA.session, 'from=2026-03-01&to=2026-03-15');
    assert.deepEqual(until15.items.map((e) => e.action), ['session.created', 'agent_x.changed', 'agent.updated']);
    const from16 = await list(adminA.session, 'from=2026-03-16&to=2026-03-16');
    assert.deepEqual(from16.items.map((e) => e.action), ['session.revoked']);
    assert.equal((await list(adminA.session, 'from=2026-03-02&to=2026-03-02')).items[0]!.action, 'agent_x.changed');
  });

  it('pages', async () => {
    const p1 = await list(adminA.session, `${spring}&pageSize=3`);
    const p2 = await list(adminA.session, `${spring}&pageSize=3&page=2`);
    assert.equal(p1.total, 4);
    assert.deepEqual([p1.items.length, p2.items.length, p2.page, p2.pageSize], [3, 1, 2, 3]);
    assert.equal(p2.items[0]!.action, 'agent.updated');
  });

  it('never shows another tenant’s events, even filtered by its agent', async () => {
    const all = await list(adminA.session, 'pageSize=100');
    assert.ok(!all.items.some((e) => e.actorId === adminB.id));
    assert.equal((await list(adminA.session, `agentId=${adminB.id}`)).total, 0);
    const b = await list(adminB.session, 'pageSize=100');
    assert.ok(b.items.length >= 1);
    assert.ok(!b.items.some((e) => [adminA.id, agentA.id, dpoA.id].includes(e.actorId ?? '')));
    assert.ok(b.items.every((e) => e.targetId !== agentA.id));
  });

  it('reading a page is not itself audited', async () => {
    const before = (await list(adminA.session)).total;
    await list(adminA.session);
    assert.equal((await list(adminA.session)).total, before);
  });

  it('exports the same events as CSV (UTF-8 BOM, `;`), as an attachment, and audits the export', async () => {
    const res = await get('/api/admin/audit/export?from=2026-03-01&to=2026-03-31', dpoA.session);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="journal-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines[0], 'numéro;date;type d’auteur;auteur;nom de l’auteur;action;type d’objet;objet;détails;requête');
    assert.equal(lines.length, 1 + 4);
    assert.match(lines[1]!, /^\d+;2026-03-16 00:30:00;agent;[0-9a-f-]{36};Anne Le Bihan;session\.revoked;session;s-1;;$/);
    // A formula is defused and a field holding `;` or `"` quoted.
    assert.ok(lines[4]!.endsWith(`;"{""note"":""=HYPERLINK(\\""x\\"");\\""y\\""""}";`), lines[4]);
    assert.ok(lines[3]!.includes(";unit;'=1+1;"), lines[3]);
    const exported = await list(adminA.session, 'action=audit.exported');
    assert.equal(exported.total, 1);
    assert.equal(exported.items[0]!.actorId, dpoA.id);
    assert.equal(exported.items[0]!.actorName, 'Denis Riou');
    // Another tenant's export shows none of A's rows.
    const b = await get('/api/admin/audit/export', adminB.session);
    assert.equal(b.statusCode, 200);
    assert.ok(!b.body.includes(adminA.id) && !b.body.includes('Anne Le Bihan'));
  });

  it('exports in batches, newest first, everything the filters match', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => ({
      at: '2026-04-01T10:00:00.000Z',
      action: 'bulk.event',
      actor: { type: 'cli' as const },
      data: { i },
    }));
    await append(tenantA, many);
    const res = await get('/api/admin/audit/export?action=bulk.', adminA.session);
    const rows = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    assert.equal(rows.length, 2100);
    const seqs = rows.map((r) => Number(r.split(';')[0]));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
    assert.equal(new Set(seqs).size, 2100);
  });

  it('verifies the tenant’s chain and names the first broken row', async () => {
    const ok = await get('/api/admin/audit/verification', dpoA.session);
    assert.equal(ok.statusCode, 200, ok.body);
    const total = (await list(adminA.session)).total;
    assert.deepEqual(ok.json(), { ok: true, checked: total });
    // Tenant B's trail is tampered with: B sees the break, A's chain still holds.
    await database.ownerQuery(`
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      UPDATE audit_events SET data = '{"forged": true}' WHERE tenant_id = '${tenantB}' AND action = 'agent.updated';
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    const broken = (await get('/api/admin/audit/verification', adminB.session)).json();
    assert.equal(broken.ok, false);
    assert.equal(typeof broken.firstBroken.seq, 'number');
    assert.match(broken.firstBroken.reason, /contenu modifié/);
    assert.equal(broken.checked, broken.firstBroken.seq - 1);
    assert.equal((await get('/api/admin/audit/verification', adminA.session)).json().ok, true);
  });

  describe('denials', () => {
    const urls = ['/api/admin/audit', '/api/admin/audit/export', '/api/admin/audit/verification'];

    it('no session: 401', async () => {
      for (const url of urls) assert.equal((await get(url, null)).statusCode, 401, url);
    });

    it('an agent who is neither administrator nor DPO: 403, and nothing exported', async () => {
      const before = (await list(adminA.session, 'action=audit.exported')).total;
      for (const url of urls) {
        const res = await get(url, agentA.session);
        assert.equal(res.statusCode, 403, url);
        assert.equal(res.json().error, 'forbidden');
      }
      assert.equal((await list(adminA.session, 'action=audit.exported')).total, before);
    });

    it('a service token, even with every scope: 401 (a session’s endpoints)', async () => {
      for (const url of urls) assert.equal((await get(url, null, { authorization: `Bearer ${bToken}` })).statusCode, 401, url);
    });

    for (const [label, query] of [
      ['an agent id that is not a UUID', 'agentId=x'],
      ['an impossible date', 'from=2026-02-30'],
      ['a date in another format', 'to=15/03/2026'],
      ['a page too large', 'pageSize=1000'],
      ['a NUL in the action', 'action=a%00b'],
    ] as const) {
      it(`${label}: 400 in French`, async () => {
        const res = await get(`/api/admin/audit?${query}`, adminA.session);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error, 'invalid_request');
        assert.equal(res.json().message, 'La requête est invalide.');
        if (!query.startsWith('pageSize')) assert.equal((await get(`/api/admin/audit/export?${query}`, adminA.session)).statusCode, 400);
      });
    }
  });

  it('the OpenAPI document gives the export as text/csv', async () => {
    const doc = (await get('/api/openapi.json', null, { origin: TEST_ORIGIN })).json();
    const ok = doc.paths['/api/admin/audit/export'].get.responses['200'];
    assert.deepEqual(Object.keys(ok.content), ['text/csv; charset=utf-8']);
    assert.equal(ok.content['text/csv; charset=utf-8'].schema.type, 'string');
    assert.ok(doc.paths['/api/admin/audit'].get.responses['200'].content['application/json']);
  });
});
