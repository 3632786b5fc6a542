// The helpdesk unblock procedure, what it refuses: incomplete identity checks, agents who
// are not blocked, acting on one's own account, other tenants, reused, expired, voided
// and superseded codes; the audit trail names both agents; SMS delivery without a
// gateway. Then one real SMPP exchange with a local SMPP server (the `smpp` package).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import smpp, { type Pdu, type Server } from 'smpp';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, tenants, unblockCodes } from '../../db/schema.ts';
import { createLogger } from '../../platform/logger.ts';
import { createSmppSender, type SmsSender } from '../../platform/sms.ts';

const FRENCH = /[àâçéèêëîïôûùüœ’]|\b(le|la|les|de|des|du|un|une|votre|vous|est|pas|ce|cette|avec|pour|au|introuvable|invalide)\b/i;
const ENGLISH = /\b(the|is|not|found|invalid|error|request|failed|forbidden|unauthorized|too many)\b/i;
const CODE = /^[ACDEFGHJKMNPQRTUVWXY34679]{5}-[ACDEFGHJKMNPQRTUVWXY34679]{5}$/;

describe('helpdesk unblock codes: what is refused', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let deskId: string;
  let desk: Record<string, string>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantId = (await makeTenant(database)).id;
    deskId = (await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] })).id;
    desk = await headersOf(tenantId, deskId);
  });
  after(async () => close());

  // Wrong codes slow an address down: every redemption comes from its own address.
  let lastOctet = 0;
  const newAddress = () => `192.0.2.${++lastOctet}`;

  async function headersOf(tenant: string, agentId: string) {
    const s = await makeSession(database, tenant, agentId);
    return { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };
  }

  function denial(res: LightMyRequestResponse, status: number, error: string) {
    assert.equal(res.statusCode, status, res.body);
    const body = res.json();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.message, 'string');
    assert.match(body.message, FRENCH, `a French message: ${body.message}`);
    assert.doesNotMatch(body.message, ENGLISH, `a French message: ${body.message}`);
    return body;
  }

  const issue = (agentId: string, body: Record<string, unknown> = { checks: { callback: true } }, headers = desk, on = app) =>
    on.inject({
      method: 'POST',
      url: `/api/helpdesk/agents/${agentId}/unblock-code`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  async function issued(agentId: string) {
    const res = await issue(agentId);
    assert.equal(res.statusCode, 201, res.body);
    const { code } = res.json();
    assert.match(code, CODE);
    return code as string;
  }

  const redeem = (login: string, code: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/unblock',
      remoteAddress: newAddress(),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ login, code }),
    });

  function refused(res: LightMyRequestResponse) {
    const body = denial(res, 401, 'authentication_failed');
    const { requestId: _r, ...rest } = body;
    assert.deepEqual(Object.keys(rest).sort(), ['error', 'message']);
  }

  async function suspendedAgent(tenant = tenantId, extra: Partial<typeof agents.$inferInsert> = {}) {
    const agent = await makeAgent(database, tenant);
    await database.tenant(tenant, (tx) =>
      tx
        .update(agents)
        .set({ status: 'suspended', failedAttempts: 3, suspendedAt: new Date(), suspensionReason: 'bad_signature', ...extra })
        .where(eq(agents.id, agent.id)),
    );
    return agent;
  }

  async function statusOf(agentId: string, tenant = tenantId) {
    const [row] = await database.tenant(tenant, (tx) => tx.select().from(agents).where(eq(agents.id, agentId)));
    return row!.status;
  }

  it('needs every identity check the tenant requires', async () => {
    const tenant = await makeTenant(database);
    await database.operator((tx) =>
      tx.update(tenants).set({ settings: { auth: { identityChecks: ['callback', 'manager'] } } }).where(eq(tenants.id, tenant.id)),
    );
    const helpdesk = await headersOf(tenant.id, (await makeAgent(database, tenant.id, { roles: ['agent', 'helpdesk'] })).id);
    const agent = await suspendedAgent(tenant.id);
    const body = denial(await issue(agent.id, { checks: { callback: true } }, helpdesk), 400, 'invalid_request');
    assert.match(body.message, /responsable hiérarchique/);
    denial(await issue(agent.id, { checks: { manager: true, questions: true } }, helpdesk), 400, 'invalid_request');
    const pending = await database.tenant(tenant.id, (tx) => tx.select().from(unblockCodes).where(eq(unblockCodes.agentId, agent.id)));
    assert.equal(pending.length, 0, 'no code was issued');
    const ok = await issue(agent.id, { checks: { callback: true, manager: true } }, helpdesk);
    assert.equal(ok.statusCode, 201, ok.body);
  });

  it('refuses an agent who is not blocked (409), but serves a locked-out one', async () => {
    const active = await makeAgent(database, tenantId);
    denial(await issue(active.id), 409, 'conflict');
    const locked = await makeAgent(database, tenantId);
    await database.tenant(tenantId, (tx) => tx.update(agents).set({ lockedUntil: new Date(Date.now() + 10 * 60_000) }).where(eq(agents.id, locked.id)));
    assert.equal((await issue(locked.id)).statusCode, 201);
  });

  it('refuses a helpdesk agent acting on their own account, and a plain agent (403)', async () => {
    // A locked-out helpdesk agent still holds a session: they must call a colleague.
    const self = await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] });
    const selfHeaders = await headersOf(tenantId, self.id);
    await database.tenant(tenantId, (tx) => tx.update(agents).set({ lockedUntil: new Date(Date.now() + 10 * 60_000) }).where(eq(agents.id, self.id)));
    denial(await issue(self.id, { checks: { callback: true } }, selfHeaders), 403, 'forbidden');

    const plain = await makeAgent(database, tenantId);
    const plainHeaders = await headersOf(tenantId, plain.id);
    const target = await suspendedAgent();
    denial(await issue(target.id, { checks: { callback: true } }, plainHeaders), 403, 'forbidden');
    denial(await app.inject({ method: 'GET', url: '/api/helpdesk/agents', headers: { cookie: plainHeaders.cookie } }), 403, 'forbidden');
    const codes = await database.tenant(tenantId, (tx) => tx.select().from(unblockCodes).where(inArray(unblockCodes.agentId, [self.id, target.id])));
    assert.equal(codes.length, 0);
  });

  it('does not see another tenant’s agent (404)', async () => {
    const other = await makeTenant(database);
    const stranger = await suspendedAgent(other.id);
    denial(await issue(stranger.id), 404, 'not_found');
    const codes = await database.tenant(other.id, (tx) => tx.select().from(unblockCodes));
    assert.equal(codes.length, 0);
  });

  it('accepts a code once', async () => {
    const agent = await suspendedAgent();
    const code = await issued(agent.id);
    assert.equal((await redeem(agent.email, code)).statusCode, 200);
    assert.equal(await statusOf(agent.id), 'active');
    // Suspended again, the used code does not unblock.
    await database.tenant(tenantId, (tx) => tx.update(agents).set({ status: 'suspended' }).where(eq(agents.id, agent.id)));
    refused(await redeem(agent.email, code));
    assert.equal(await statusOf(agent.id), 'suspended');
  });

  it('refuses an expired code (401)', async () => {
    const agent = await suspendedAgent();
    const code = await issued(agent.id);
    await database.tenant(tenantId, (tx) => tx.update(unblockCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(unblockCodes.agentId, agent.id)));
    refused(await redeem(agent.email, code));
    assert.equal(await statusOf(agent.id), 'suspended');
  });

  it('voids a code after three wrong tries: then even the right one fails until a new code', async () => {
    const agent = await suspendedAgent();
    const code = await issued(agent.id);
    for (const wrong of ['ACDEF-GHJKM', 'MKJHG-FEDCA', 'QRTUV-WXY34']) refused(await redeem(agent.email, wrong));
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(unblockCodes).where(eq(unblockCodes.agentId, agent.id)));
    assert.equal(row!.attempts, 3);
    assert.ok(row!.voidedAt, 'the code is void');
    refused(await redeem(agent.email, code));
    assert.equal(await statusOf(agent.id), 'suspended');
    const fresh = await issued(agent.id);
    assert.equal((await redeem(agent.email, fresh)).statusCode, 200);
    assert.equal(await statusOf(agent.id), 'active');
  });

  it('voids the earlier code when a new one is issued', async () => {
    const agent = await suspendedAgent();
    const first = await issued(agent.id);
    const second = await issued(agent.id);
    assert.notEqual(first, second);
    refused(await redeem(agent.email, first));
    assert.equal(await statusOf(agent.id), 'suspended');
    assert.equal((await redeem(agent.email, second)).statusCode, 200);
  });

  it('audits every step with both agents’ ids, never the code', async () => {
    const agent = await suspendedAgent();
    const voided = await issued(agent.id);
    for (let i = 0; i < 3; i++) refused(await redeem(agent.email, 'ACDEF-GHJKM'));
    const code = await issued(agent.id);
    assert.equal((await redeem(agent.email, code)).statusCode, 200);

    const events = await database.tenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.targetId, agent.id)).orderBy(auditEvents.seq),
    );
    const steps = events.filter((e) => e.action.startsWith('unblock.') || e.action === 'agent.unblocked');
    assert.deepEqual(
      steps.map((e) => e.action),
      ['unblock.code_issued', 'unblock.code_wrong', 'unblock.code_wrong', 'unblock.code_voided', 'unblock.code_issued', 'agent.unblocked'],
    );
    for (const e of steps) {
      assert.equal(e.targetId, agent.id, e.action);
      const helpdeskId = e.action === 'unblock.code_issued' ? e.data.helpdesk : e.data.issuedBy;
      assert.equal(helpdeskId, deskId, `${e.action} names the helpdesk agent`);
    }
    for (const e of steps.filter((s) => s.action === 'unblock.code_issued')) {
      assert.equal(e.actorId, deskId);
      assert.equal(e.data.agent, agent.id);
    }
    const text = JSON.stringify(events.map((e) => e.data));
    for (const c of [voided, code]) {
      assert.ok(!text.includes(c) && !text.includes(c.replace('-', '')), 'the code is not in the audit trail');
    }
  });

  it('refuses SMS delivery when no SMS gateway is configured (409)', async () => {
    const agent = await suspendedAgent(tenantId, { mobilePhone: '06 12 34 56 78' });
    const body = denial(await issue(agent.id, { checks: { callback: true }, delivery: 'sms' }), 409, 'conflict');
    assert.match(body.message, /SMS/);
    const codes = await database.tenant(tenantId, (tx) => tx.select().from(unblockCodes).where(eq(unblockCodes.agentId, agent.id)));
    assert.equal(codes.length, 0);
  });

  describe('SMS delivery through an SMPP gateway', () => {
    let server: Server;
    let sms: SmsSender;
    let smsApp: FastifyInstance;
    const captured: Pdu[] = [];
    const binds: Pdu[] = [];

    before(async () => {
      server = smpp.createServer({}, (session) => {
        session.on('bind_transceiver', (pdu: Pdu) => {
          binds.push(pdu);
          session.send(pdu.response());
        });
        session.on('submit_sm', (pdu: Pdu) => {
          captured.push(pdu);
          session.send(pdu.response({ message_id: '42' }));
        });
        session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
        session.on('unbind', (pdu: Pdu) => session.send(pdu.response()));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const address = server.address();
      assert.ok(address && typeof address === 'object');
      sms = createSmppSender({ url: `smpp://estran:secret@127.0.0.1:${address.port}`, source: 'ESTRAN' });
      const config = loadConfig({ ESTRAN_ORIGIN: TEST_ORIGIN, ESTRAN_WEB_DIST: '/nonexistent', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
      smsApp = await buildApp({ config, database, logger: createLogger('silent'), sms });
      await smsApp.ready();
    });
    after(async () => {
      await smsApp.close();
      await sms.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('sends the code by SMS to the mobile on file, and that code unblocks', async () => {
      const agent = await suspendedAgent(tenantId, { mobilePhone: '06 12 34 56 78' });
      const res = await issue(agent.id, { checks: { callback: true }, delivery: 'sms' }, desk, smsApp);
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.code, null, 'the helpdesk never sees an SMS code');
      assert.equal(body.delivery, 'sms');
      assert.equal(typeof body.sentTo, 'string');
      assert.equal(body.sentTo.replace(/\D/g, ''), '78', `masked: ${body.sentTo}`);

      assert.equal(binds.length, 1);
      assert.equal(binds[0]!.system_id, 'estran');
      assert.equal(binds[0]!.password, 'secret');
      assert.equal(captured.length, 1);
      const pdu = captured[0]!;
      assert.equal(pdu.destination_addr, '33612345678');
      assert.equal(pdu.source_addr, 'ESTRAN');
      const sm = pdu.short_message as { message?: unknown } | Buffer | string;
      const text = typeof sm === 'string' ? sm : Buffer.isBuffer(sm) ? sm.toString('latin1') : String(sm.message);
      const code = /[ACDEFGHJKMNPQRTUVWXY34679]{5}-[ACDEFGHJKMNPQRTUVWXY34679]{5}/.exec(text)?.[0];
      assert.ok(code, `the SMS holds the code: ${text}`);
      assert.ok(!res.body.includes(code), 'the code is not in the HTTP answer');

      assert.equal((await redeem(agent.email, code)).statusCode, 200);
      assert.equal(await statusOf(agent.id), 'active');
    });
  });
});
