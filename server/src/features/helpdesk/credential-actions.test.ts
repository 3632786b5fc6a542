// Whom the helpdesk acts for (issue 15, findings 2 and 8). A helpdesk agent took over an
// administrator: an enrolment for the admin, no identity check asked, a key registered
// with it, a session as the operator's administrator. And an agent id of another tenant
// gave 201 (enrolment), 500 (an unknown id: a foreign-key violation) or {"ended":0}.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Role } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, enrolments } from '../../db/schema.ts';

describe('helpdesk actions on credentials', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let desk: { id: string; headers: Record<string, string> };
  let admin: { id: string; headers: Record<string, string> };
  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantId = (await makeTenant(database, { operator: false })).id;
    otherTenantId = (await makeTenant(database)).id;
    desk = await person(tenantId, ['agent', 'helpdesk']);
    admin = await person(tenantId, ['agent', 'admin']);
  });
  after(async () => close());

  async function person(tenant: string, roles: Role[]) {
    const { id } = await makeAgent(database, tenant, { roles });
    const s = await makeSession(database, tenant, id);
    return { id, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN, 'content-type': 'application/json' } };
  }

  const checked = { checks: { callback: true } };
  /** Every action the helpdesk takes on an agent's credentials, for one target. */
  const actions = (targetId: string) => [
    { url: `/api/helpdesk/agents/${targetId}/enrolments`, body: { method: 'security-key', ...checked } },
    { url: `/api/helpdesk/agents/${targetId}/unblock-code`, body: checked },
    { url: `/api/helpdesk/agents/${targetId}/keys/00000000-0000-4000-8000-000000000000/revoke`, body: { reason: 'lost' } },
    { url: `/api/helpdesk/agents/${targetId}/sessions/revoke`, body: {} },
  ];
  const post = (headers: Record<string, string>, url: string, body: unknown) =>
    app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });

  it('refuses a helpdesk agent every action on an administrator, a helpdesk agent or an alert sender', async () => {
    for (const roles of [['agent', 'admin'], ['helpdesk'], ['agent', 'alert_sender'], ['manager', 'admin']] as Role[][]) {
      const target = await makeAgent(database, tenantId, { roles });
      await makeSession(database, tenantId, target.id);
      for (const a of actions(target.id)) {
        const res = await post(desk.headers, a.url, a.body);
        assert.equal(res.statusCode, 403, `${roles.join('+')} ${a.url}: ${res.body}`);
        assert.equal(res.json().error, 'forbidden');
        assert.match(res.json().message, /un administrateur de la collectivité s’en charge/);
      }
      const issued = await database.tenant(tenantId, (tx) => tx.select().from(enrolments).where(eq(enrolments.agentId, target.id)));
      assert.deepEqual(issued, [], 'no invitation was created');
    }
  });

  it('lets an administrator act for them, after the identity check', async () => {
    const target = await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] });
    const res = await post(admin.headers, `/api/helpdesk/agents/${target.id}/enrolments`, { method: 'security-key', ...checked });
    assert.equal(res.statusCode, 201, res.body);
  });

  it('asks the tenant’s identity checks before any enrolment, and audits both agents with the checks', async () => {
    const target = await makeAgent(database, tenantId, { roles: ['agent', 'manager'] });
    for (const body of [{}, { method: 'security-key' }, { method: 'password-totp', checks: { questions: true } }]) {
      const res = await post(desk.headers, `/api/helpdesk/agents/${target.id}/enrolments`, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
    }
    const refused = await post(desk.headers, `/api/helpdesk/agents/${target.id}/enrolments`, { method: 'security-key', checks: { questions: true } });
    assert.match(refused.json().message, /Vérification d’identité incomplète/);

    const res = await post(desk.headers, `/api/helpdesk/agents/${target.id}/enrolments`, { method: 'security-key', checks: { callback: true }, note: 'rappelée au 02 96' });
    assert.equal(res.statusCode, 201, res.body);
    const [event] = await database.tenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'enrolment.created'), eq(auditEvents.targetId, target.id))),
    );
    assert.ok(event, 'the enrolment is audited');
    assert.equal(event.actorId, desk.id);
    const data = event.data as Record<string, unknown>;
    assert.equal(data.helpdesk, desk.id);
    assert.equal(data.agent, target.id);
    assert.deepEqual(data.identityCheck, { checks: { callback: true, questions: false, manager: false }, required: ['callback'], note: 'rappelée au 02 96' });
  });

  it('answers 404 for an agent of another tenant or no agent at all, and changes nothing', async () => {
    const foreign = await makeAgent(database, otherTenantId, { roles: ['agent'] });
    const foreignSession = await makeSession(database, otherTenantId, foreign.id);
    for (const targetId of [foreign.id, '11111111-1111-4111-8111-111111111111']) {
      for (const who of [desk, admin]) {
        for (const a of actions(targetId)) {
          const res = await post(who.headers, a.url, a.body);
          assert.equal(res.statusCode, 404, `${a.url}: ${res.body}`);
          assert.equal(res.json().error, 'not_found');
        }
        const file = await app.inject({ url: `/api/helpdesk/agents/${targetId}`, headers: who.headers });
        assert.equal(file.statusCode, 404);
      }
    }
    const stillThere = await app.inject({ url: '/api/auth/session', headers: { cookie: foreignSession.cookie } });
    assert.equal(stillThere.statusCode, 200, 'the other tenant’s session was not ended');
    const invitations = await database.tenant(otherTenantId, (tx) => tx.select().from(enrolments));
    assert.deepEqual(invitations, []);
  });
});
