// An agent's preferred language, end to end on the server: set by an administrator
// (PATCH /api/admin/agents/{id}) or by the agent (PUT /api/org/me/preferences), shown in
// the agents list, audited; every denial answers in the usual error shape.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';

type Session = { cookie: string; csrfToken: string };

describe('preferred language', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantA: string;
  let admin: Session;
  let adminId: string;
  let agent: Session;
  let agentId: string;
  let otherTenantAgentId: string;

  const send = (method: 'PATCH' | 'PUT' | 'GET', url: string, session: Session | null, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
        ...headers,
      },
    });

  const auditOf = (action: string, targetId: string) =>
    database.tenant(tenantA, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId))),
    );

  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantA = (await makeTenant(database, { name: 'Commune de Lannion' })).id;
    const a = await makeAgent(database, tenantA, { roles: ['agent', 'admin'] });
    adminId = a.id;
    admin = await makeSession(database, tenantA, a.id);
    const g = await makeAgent(database, tenantA, { roles: ['agent', 'helpdesk', 'manager'], lastName: 'Le Goff' });
    agentId = g.id;
    agent = await makeSession(database, tenantA, g.id);
    const b = (await makeTenant(database, { name: 'Commune de Guingamp' })).id;
    otherTenantAgentId = (await makeAgent(database, b, {})).id;
  });
  after(async () => close());

  it('is null until chosen, in the agents list', async () => {
    const res = await send('GET', '/api/admin/agents?q=Le%20Goff', admin);
    assert.equal(res.statusCode, 200, res.body);
    const [row] = res.json().items;
    assert.equal(row.id, agentId);
    assert.equal(row.preferredLanguage, null);
  });

  it('an administrator sets it; the list shows it; the change is audited with before and after', async () => {
    const res = await send('PATCH', `/api/admin/agents/${agentId}`, admin, { preferredLanguage: 'en' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().preferredLanguage, 'en');
    assert.equal(res.json().id, agentId);
    const list = await send('GET', '/api/admin/agents?q=Le%20Goff', admin);
    assert.equal(list.json().items[0].preferredLanguage, 'en');
    const events = await auditOf('agent.updated', agentId);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actorId, adminId);
    assert.deepEqual(events[0]!.data, { changes: { preferredLanguage: { before: null, after: 'en' } } });
  });

  it('the same value again changes nothing and audits nothing', async () => {
    const res = await send('PATCH', `/api/admin/agents/${agentId}`, admin, { preferredLanguage: 'en' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await auditOf('agent.updated', agentId)).length, 1);
  });

  it('the agent reads and changes their own; audited with the agent as actor', async () => {
    const read = await send('GET', '/api/org/me/preferences', agent);
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json(), { preferredLanguage: 'en' });
    const res = await send('PUT', '/api/org/me/preferences', agent, { preferredLanguage: 'fr' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { preferredLanguage: 'fr' });
    assert.deepEqual((await send('GET', '/api/org/me/preferences', agent)).json(), { preferredLanguage: 'fr' });
    const events = await auditOf('agent.preferences_changed', agentId);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actorId, agentId);
    assert.deepEqual(events[0]!.data, { changes: { preferredLanguage: { before: 'en', after: 'fr' } } });
    // Null: back to the browser's choice.
    assert.deepEqual((await send('PUT', '/api/org/me/preferences', agent, { preferredLanguage: null })).json(), { preferredLanguage: null });
  });

  describe('denials', () => {
    it('no session: 401 on both', async () => {
      assert.equal((await send('PATCH', `/api/admin/agents/${agentId}`, null, { preferredLanguage: 'fr' })).statusCode, 401);
      assert.equal((await send('PUT', '/api/org/me/preferences', null, { preferredLanguage: 'fr' })).statusCode, 401);
      assert.equal((await send('GET', '/api/org/me/preferences', null)).statusCode, 401);
    });

    it('an agent who is not an administrator cannot change another agent (403)', async () => {
      const res = await send('PATCH', `/api/admin/agents/${adminId}`, agent, { preferredLanguage: 'en' });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error, 'forbidden');
    });

    it('another tenant’s agent is not found (404), and unchanged', async () => {
      const res = await send('PATCH', `/api/admin/agents/${otherTenantAgentId}`, admin, { preferredLanguage: 'en' });
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().error, 'not_found');
    });

    it('without the CSRF token: 403 csrf_failed', async () => {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/admin/agents/${agentId}`,
        payload: { preferredLanguage: 'fr' },
        headers: { 'content-type': 'application/json', cookie: admin.cookie },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error, 'csrf_failed');
      const mine = await app.inject({ method: 'PUT', url: '/api/org/me/preferences', payload: { preferredLanguage: 'fr' }, headers: { 'content-type': 'application/json', cookie: agent.cookie } });
      assert.equal(mine.statusCode, 403);
    });

    for (const [label, body] of [
      ['a language Estran does not have', { preferredLanguage: 'de' }],
      ['an empty change', {}],
      ['an unknown field', { preferredLanguage: 'fr', status: 'disabled' }],
    ] as const) {
      it(`${label}: 400 invalid_request`, async () => {
        const res = await send('PATCH', `/api/admin/agents/${agentId}`, admin, body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error, 'invalid_request');
      });
    }

    it('a malformed agent id: 400', async () => {
      assert.equal((await send('PATCH', '/api/admin/agents/not-a-uuid', admin, { preferredLanguage: 'fr' })).statusCode, 400);
    });

    it('the agent’s own preferences refuse an unknown language or field (400)', async () => {
      assert.equal((await send('PUT', '/api/org/me/preferences', agent, { preferredLanguage: 'es' })).statusCode, 400);
      assert.equal((await send('PUT', '/api/org/me/preferences', agent, { preferredLanguage: 'fr', roles: ['admin'] })).statusCode, 400);
    });
  });
});
