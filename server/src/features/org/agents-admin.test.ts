// Agents created and edited by an administrator, roles, leavers (issue 17), through the
// HTTP API: POST /api/admin/agents, PATCH /api/admin/agents/{id}, deactivate and
// reactivate. Every write audited; every denial in the usual error shape, in French.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import {
  agents,
  auditEvents,
  enrolments,
  passwordCredentials,
  serviceTokens,
  sessions,
  sites,
  totpCredentials,
  units,
  webauthnCredentials,
} from '../../db/schema.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { createEnrolment } from '../auth/index.ts';
import { suspendAgent } from './agent-strikes.ts';
import { updateAgent } from './update-agent.ts';

type Session = { cookie: string; csrfToken: string };
const FRENCH = /[àâçéèêëîïôûùüœ’]|\b(le|la|les|de|des|du|un|une|votre|vous|est|pas|ce|cette|avec|pour|au|introuvable|invalide)\b/i;

describe('agents administered', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantA: string;
  let tenantB: string;
  let admin: Session;
  let adminId: string;
  let plain: Session;
  let unitA: string;
  let siteA: string;
  let unitB: string;
  let siteB: string;
  let otherTenantAgentId: string;

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

  function denial(res: LightMyRequestResponse, status: number, error: string) {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error, error, res.body);
    assert.match(res.json().message, FRENCH, res.body);
  }

  const auditOf = (action: string, targetId: string) =>
    database.tenant(tenantA, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId))));
  const rowOf = async (id: string) => (await database.tenant(tenantA, (tx) => tx.select().from(agents).where(eq(agents.id, id))))[0]!;

  const newAgent = (extra: Record<string, unknown> = {}) => ({
    email: `agent-${Math.random().toString(36).slice(2, 10)}@lannion.fr`,
    firstName: 'Yann',
    lastName: 'Le Bihan',
    component: 'insertion',
    ...extra,
  });

  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantA = (await makeTenant(database, { name: 'Commune de Lannion' })).id;
    tenantB = (await makeTenant(database, { name: 'Commune de Guingamp' })).id;
    const a = await makeAgent(database, tenantA, { roles: ['agent', 'admin'] });
    adminId = a.id;
    admin = await makeSession(database, tenantA, a.id);
    plain = await makeSession(database, tenantA, (await makeAgent(database, tenantA, { roles: ['agent', 'helpdesk'] })).id);
    otherTenantAgentId = (await makeAgent(database, tenantB, {})).id;
    const placeIn = async (tenantId: string) => {
      const [u] = await database.tenant(tenantId, (tx) => tx.insert(units).values({ tenantId, kind: 'service', code: 'SVC', name: 'Service social' }).returning());
      const [s] = await database.tenant(tenantId, (tx) => tx.insert(sites).values({ tenantId, kind: 'office', name: 'Mairie', city: 'Lannion' }).returning());
      return [u!.id, s!.id] as const;
    };
    [unitA, siteA] = await placeIn(tenantA);
    [unitB, siteB] = await placeIn(tenantB);
  });
  after(async () => close());

  describe('creation', () => {
    it('creates an agent (201 { id }), shown in the list with its status and external id, audited', async () => {
      const body = newAgent({ unitId: unitA, siteId: siteA, roles: ['agent', 'manager'], professionalPhone: '02 96 46 00 00', externalId: 'M-1001', nomadic: true });
      const res = await send('POST', '/api/admin/agents', admin, body);
      assert.equal(res.statusCode, 201, res.body);
      const { id } = res.json();
      assert.deepEqual(Object.keys(res.json()), ['id']);
      const list = await send('GET', `/api/admin/agents?q=${encodeURIComponent(body.email as string)}`, admin);
      const [item] = list.json().items;
      assert.equal(item.id, id);
      assert.equal(item.status, 'active');
      assert.equal(item.externalId, 'M-1001');
      assert.equal(item.unitName, 'Service social');
      assert.deepEqual(item.roles, ['agent', 'manager']);
      assert.equal(item.nomadic, true);
      const events = await auditOf('agent.created', id);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actorId, adminId);
      assert.equal((events[0]!.data as Record<string, unknown>).externalId, 'M-1001');
    });

    it('roles default to agent; the agent logs in by the e-mail given (login directory)', async () => {
      const res = await send('POST', '/api/admin/agents', admin, newAgent());
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual((await rowOf(res.json().id)).roles, ['agent']);
    });

    it('a duplicate e-mail (any case) or external id: 409 conflict', async () => {
      const body = newAgent({ externalId: 'M-2002' });
      assert.equal((await send('POST', '/api/admin/agents', admin, body)).statusCode, 201);
      denial(await send('POST', '/api/admin/agents', admin, newAgent({ email: (body.email as string).toUpperCase() })), 409, 'conflict');
      denial(await send('POST', '/api/admin/agents', admin, newAgent({ externalId: 'M-2002' })), 409, 'conflict');
    });

    it('a unit or site of another tenant: 404, nothing created', async () => {
      const body = newAgent({ unitId: unitB });
      denial(await send('POST', '/api/admin/agents', admin, body), 404, 'not_found');
      denial(await send('POST', '/api/admin/agents', admin, newAgent({ siteId: siteB })), 404, 'not_found');
      const list = await send('GET', `/api/admin/agents?q=${encodeURIComponent(body.email as string)}`, admin);
      assert.equal(list.json().total, 0);
    });

    for (const [label, body] of [
      ['a bad e-mail', newAgent({ email: 'pas-une-adresse' })],
      ['no last name', newAgent({ lastName: ' ' })],
      ['an unknown role', newAgent({ roles: ['agent', 'superuser'] })],
      ['an unknown component', newAgent({ component: 'finance' })],
      ['an unknown field', newAgent({ status: 'disabled' })],
      ['a missing field', { email: 'x@lannion.fr', firstName: 'A' }],
    ] as const) {
      it(`${label}: 400 invalid_request with French messages`, async () => {
        const res = await send('POST', '/api/admin/agents', admin, body);
        denial(res, 400, 'invalid_request');
      });
    }

    it('no session 401, not an administrator 403, without CSRF 403', async () => {
      denial(await send('POST', '/api/admin/agents', null, newAgent()), 401, 'unauthenticated');
      denial(await send('POST', '/api/admin/agents', plain, newAgent()), 403, 'forbidden');
      const res = await app.inject({ method: 'POST', url: '/api/admin/agents', payload: newAgent(), headers: { 'content-type': 'application/json', cookie: admin.cookie } });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error, 'csrf_failed');
    });
  });

  describe('changes', () => {
    let targetId: string;
    before(async () => {
      targetId = (await send('POST', '/api/admin/agents', admin, newAgent({ externalId: 'M-3003' }))).json().id;
    });

    it('changes names, phones, component, unit, site, roles, external id; audited before and after per field', async () => {
      const res = await send('PATCH', `/api/admin/agents/${targetId}`, admin, {
        firstName: 'Gwen',
        mobilePhone: '06 00 00 00 00',
        component: 'child_welfare',
        unitId: unitA,
        siteId: siteA,
        roles: ['agent', 'helpdesk'],
        externalId: 'M-3004',
        preferredLanguage: 'en',
      });
      assert.equal(res.statusCode, 200, res.body);
      const agent = res.json();
      assert.equal(agent.firstName, 'Gwen');
      assert.equal(agent.displayName, 'Gwen Le Bihan');
      assert.deepEqual(agent.roles, ['agent', 'helpdesk']);
      assert.equal(agent.externalId, 'M-3004');
      assert.equal(agent.unitName, 'Service social');
      const [event] = await auditOf('agent.updated', targetId);
      assert.equal(event!.actorId, adminId);
      assert.deepEqual(event!.data, {
        changes: {
          firstName: { before: 'Yann', after: 'Gwen' },
          mobilePhone: { before: null, after: '06 00 00 00 00' },
          component: { before: 'insertion', after: 'child_welfare' },
          unitId: { before: null, after: unitA },
          siteId: { before: null, after: siteA },
          roles: { before: ['agent'], after: ['agent', 'helpdesk'] },
          externalId: { before: 'M-3003', after: 'M-3004' },
          preferredLanguage: { before: null, after: 'en' },
        },
      });
    });

    it('null clears a field; the same roles in another order change nothing', async () => {
      const res = await send('PATCH', `/api/admin/agents/${targetId}`, admin, { externalId: null, siteId: null, roles: ['helpdesk', 'agent'] });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().externalId, null);
      assert.equal(res.json().siteId, null);
      const events = await auditOf('agent.updated', targetId);
      assert.equal(events.length, 2);
      assert.deepEqual(Object.keys((events[1]!.data as { changes: object }).changes).sort(), ['externalId', 'siteId']);
    });

    it('an e-mail or external id another agent has: 409', async () => {
      const other = (await send('POST', '/api/admin/agents', admin, newAgent({ externalId: 'M-4004' }))).json().id;
      const otherEmail = (await rowOf(other)).email;
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, admin, { email: otherEmail.toUpperCase() }), 409, 'conflict');
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, admin, { externalId: 'M-4004' }), 409, 'conflict');
      // Its own e-mail again is no conflict.
      assert.equal((await send('PATCH', `/api/admin/agents/${other}`, admin, { email: otherEmail, lastName: 'Morvan' })).statusCode, 200);
    });

    it('one’s own roles: 403; one’s own name: fine', async () => {
      denial(await send('PATCH', `/api/admin/agents/${adminId}`, admin, { roles: ['agent'] }), 403, 'forbidden');
      denial(await send('PATCH', `/api/admin/agents/${adminId}`, admin, { roles: ['agent', 'admin', 'helpdesk'] }), 403, 'forbidden');
      assert.deepEqual((await rowOf(adminId)).roles, ['agent', 'admin']);
      assert.equal((await send('PATCH', `/api/admin/agents/${adminId}`, admin, { professionalPhone: '02 96 00 11 22' })).statusCode, 200);
      // Sending one's roles unchanged is no change of them.
      assert.equal((await send('PATCH', `/api/admin/agents/${adminId}`, admin, { roles: ['admin', 'agent'] })).statusCode, 200);
    });

    it('the admin role of the tenant’s last active administrator cannot be taken: 422 last_admin', async () => {
      // Through the API an administrator cannot reach it (their own roles are refused
      // first); the CLI or a sync can: the rule holds in updateAgent itself.
      await assert.rejects(
        updateAgent(database, { tenantId: tenantA, agentId: adminId, changes: { roles: ['agent'] }, actor: { type: 'cli' } }),
        (e: unknown) => e instanceof HttpError && e.status === 422 && e.code === 'last_admin',
      );
      assert.deepEqual((await rowOf(adminId)).roles, ['agent', 'admin']);
    });

    it('a unit of another tenant, an agent of another tenant: 404', async () => {
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, admin, { unitId: unitB }), 404, 'not_found');
      denial(await send('PATCH', `/api/admin/agents/${otherTenantAgentId}`, admin, { firstName: 'X' }), 404, 'not_found');
    });

    it('bad input: 400; not an administrator: 403; no session: 401', async () => {
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, admin, { email: 'nope' }), 400, 'invalid_request');
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, admin, { roles: ['root'] }), 400, 'invalid_request');
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, admin, { firstName: '' }), 400, 'invalid_request');
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, plain, { roles: ['agent', 'admin'] }), 403, 'forbidden');
      denial(await send('PATCH', `/api/admin/agents/${targetId}`, null, { firstName: 'X' }), 401, 'unauthenticated');
    });
  });

  describe('leavers', () => {
    let leaverId: string;
    let leaver: Session;
    let token: string;

    before(async () => {
      // A second administrator, with a session, a key, password + TOTP, a service token
      // they created and a pending invitation.
      leaverId = (await makeAgent(database, tenantA, { roles: ['agent', 'admin'], lastName: 'Partant' })).id;
      leaver = await makeSession(database, tenantA, leaverId);
      const created = await send('POST', '/api/admin/service-tokens', leaver, { name: 'Export', scopes: ['org:read'], expiresInDays: 30 });
      assert.equal(created.statusCode, 201, created.body);
      token = created.json().token;
      await database.tenant(tenantA, async (tx) => {
        await tx.insert(webauthnCredentials).values({ tenantId: tenantA, agentId: leaverId, credentialId: `cred-${leaverId}`, publicKey: Buffer.from([1, 2, 3]), name: 'Clé bleue' });
        await tx.insert(passwordCredentials).values({ tenantId: tenantA, agentId: leaverId, hash: 'x' });
        await tx.insert(totpCredentials).values({ tenantId: tenantA, agentId: leaverId, secret: 'JBSWY3DPEHPK3PXP' });
        await createEnrolment(tx, { tenantId: tenantA, agentId: leaverId, purpose: 'security-key', actor: { type: 'agent', id: adminId } });
      });
      assert.equal((await send('GET', '/api/org/me/preferences', leaver)).statusCode, 200);
      const whoami = await app.inject({ method: 'GET', url: '/api/org/whoami', headers: { authorization: `Bearer ${token}` } });
      assert.equal(whoami.statusCode, 200, whoami.body);
    });

    it('not an administrator 403, another tenant’s agent 404, no CSRF 403', async () => {
      denial(await send('POST', `/api/admin/agents/${leaverId}/deactivate`, plain, {}), 403, 'forbidden');
      denial(await send('POST', `/api/admin/agents/${otherTenantAgentId}/deactivate`, admin, {}), 404, 'not_found');
      denial(await send('POST', `/api/admin/agents/${otherTenantAgentId}/reactivate`, admin, {}), 404, 'not_found');
      const res = await app.inject({ method: 'POST', url: `/api/admin/agents/${leaverId}/deactivate`, payload: {}, headers: { 'content-type': 'application/json', cookie: admin.cookie } });
      assert.equal(res.statusCode, 403);
      assert.equal((await rowOf(leaverId)).status, 'active');
    });

    it('deactivation cuts the leaver off at once: the same cookie and token answer 401 on the next request', async () => {
      const res = await send('POST', `/api/admin/agents/${leaverId}/deactivate`, admin, {});
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { status: 'disabled' });
      assert.equal((await send('GET', '/api/org/me/preferences', leaver)).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: '/api/org/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    });

    it('revokes keys, password + TOTP, service tokens and invitations, keeps the agent; audited with what was revoked', async () => {
      const state = await database.tenant(tenantA, async (tx) => ({
        sessions: await tx.select().from(sessions).where(eq(sessions.agentId, leaverId)),
        keys: await tx.select().from(webauthnCredentials).where(eq(webauthnCredentials.agentId, leaverId)),
        passwords: await tx.select().from(passwordCredentials).where(eq(passwordCredentials.agentId, leaverId)),
        totps: await tx.select().from(totpCredentials).where(eq(totpCredentials.agentId, leaverId)),
        tokens: await tx.select().from(serviceTokens).where(eq(serviceTokens.createdBy, leaverId)),
        invitations: await tx.select().from(enrolments).where(eq(enrolments.agentId, leaverId)),
      }));
      assert.ok(state.sessions.length > 0 && state.sessions.every((s) => s.revokedAt));
      assert.equal(state.keys.length, 1);
      assert.ok(state.keys[0]!.revokedAt);
      assert.equal(state.keys[0]!.revokedBy, adminId);
      assert.equal(state.passwords.length + state.totps.length, 0);
      assert.ok(state.tokens.length === 1 && state.tokens[0]!.revokedAt);
      assert.ok(state.invitations.length === 1 && state.invitations[0]!.expiresAt.getTime() <= Date.now());
      assert.equal((await rowOf(leaverId)).status, 'disabled');
      const list = await send('GET', '/api/admin/agents?q=Partant', admin);
      assert.equal(list.json().items[0].status, 'disabled');
      const [event] = await auditOf('agent.deactivated', leaverId);
      assert.equal(event!.actorId, adminId);
      const revoked = (event!.data as { revoked: Record<string, unknown> }).revoked;
      assert.deepEqual(revoked.keys, [state.keys[0]!.id]);
      assert.deepEqual(revoked.serviceTokens, [state.tokens[0]!.id]);
      assert.equal(revoked.passwordTotp, true);
      assert.equal(revoked.enrolments, 1);
      assert.ok((revoked.sessions as number) >= 1);
    });

    it('deactivating again changes nothing', async () => {
      const res = await send('POST', `/api/admin/agents/${leaverId}/deactivate`, admin, {});
      assert.deepEqual(res.json(), { status: 'disabled' });
      assert.equal((await auditOf('agent.deactivated', leaverId)).length, 1);
    });

    it('reactivation: active again, audited, with no credential back (the old cookie stays refused)', async () => {
      const res = await send('POST', `/api/admin/agents/${leaverId}/reactivate`, admin, {});
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { status: 'active' });
      assert.equal((await rowOf(leaverId)).status, 'active');
      assert.equal((await auditOf('agent.reactivated', leaverId)).length, 1);
      assert.equal((await send('GET', '/api/org/me/preferences', leaver)).statusCode, 401);
      assert.equal((await app.inject({ method: 'GET', url: '/api/org/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
    });

    it('the last active administrator cannot be deactivated: 422 last_admin', async () => {
      // The leaver is an administrator again: deactivate them, then the last one left.
      assert.equal((await send('POST', `/api/admin/agents/${leaverId}/deactivate`, admin, {})).statusCode, 200);
      denial(await send('POST', `/api/admin/agents/${adminId}/deactivate`, admin, {}), 422, 'last_admin');
      assert.equal((await rowOf(adminId)).status, 'active');
      assert.equal((await send('GET', '/api/org/me/preferences', admin)).statusCode, 200);
    });

    it('a leaver’s strikes never turn disabled into suspended (an unblock code is no way back in)', async () => {
      const id = (await makeAgent(database, tenantA, {})).id;
      assert.equal((await send('POST', `/api/admin/agents/${id}/deactivate`, admin, {})).statusCode, 200);
      await database.tenant(tenantA, (tx) => suspendAgent(tx, id, { at: new Date(), reason: 'three_strikes' }));
      assert.equal((await rowOf(id)).status, 'disabled');
    });

    it('an agent who is not an administrator is deactivated even when they are alone of their kind', async () => {
      const id = (await makeAgent(database, tenantA, {})).id;
      assert.equal((await send('POST', `/api/admin/agents/${id}/deactivate`, admin, {})).statusCode, 200);
    });
  });
});
