// The idle deadline through the HTTP API: read (the web client warns before it), extended
// from now by « Prolonger » (CSRF required, as every write), and refused once the session
// has ended for inactivity or been revoked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { limits } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { sessions } from '../../db/schema.ts';

describe('session idle deadline', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
  });
  after(async () => close());

  const idle = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/session/idle', headers: { cookie } });
  const extend = (cookie: string, csrf?: string) =>
    app.inject({ method: 'POST', url: '/api/auth/session/extend', payload: {}, headers: { cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) } });
  /** Moves the session's last activity back by `ms`. */
  const idleFor = (tenantId: string, sessionId: string, ms: number) =>
    database.tenant(tenantId, (tx) => tx.update(sessions).set({ lastSeenAt: sql`now() - make_interval(secs => ${ms / 1000})` }).where(eq(sessions.id, sessionId)));

  it('says how long is left, and « Prolonger » starts the idle limit again from now', async () => {
    const tenant = await makeTenant(database);
    const agent = await makeAgent(database, tenant.id);
    const s = await makeSession(database, tenant.id, agent.id);

    const fresh = await idle(s.cookie);
    assert.equal(fresh.statusCode, 200, fresh.body);
    const a = fresh.json();
    assert.equal(a.idleTimeoutMs, limits.sessionIdleMs);
    assert.ok(a.idleRemainingMs <= limits.sessionIdleMs && a.idleRemainingMs > limits.sessionIdleMs - 10_000, String(a.idleRemainingMs));
    assert.ok(Date.parse(a.idleExpiresAt) <= Date.parse(a.expiresAt));

    // 45 s without a request: within the minute loadSession does not slide, the deadline stays.
    await idleFor(tenant.id, s.sessionId, 45_000);
    const later = (await idle(s.cookie)).json();
    assert.ok(later.idleRemainingMs <= limits.sessionIdleMs - 44_000 && later.idleRemainingMs > limits.sessionIdleMs - 60_000, String(later.idleRemainingMs));

    // Extending is a write: without the session's CSRF token it is refused, and changes nothing.
    const noCsrf = await extend(s.cookie);
    assert.equal(noCsrf.statusCode, 403, noCsrf.body);
    assert.ok((await idle(s.cookie)).json().idleRemainingMs <= limits.sessionIdleMs - 44_000);

    const extended = await extend(s.cookie, s.csrfToken);
    assert.equal(extended.statusCode, 200, extended.body);
    assert.ok(extended.json().idleRemainingMs > limits.sessionIdleMs - 10_000, String(extended.json().idleRemainingMs));
    assert.ok(Date.parse(extended.json().idleExpiresAt) > Date.parse(later.idleExpiresAt));
  });

  it('is refused once the session has ended for inactivity, or been revoked', async () => {
    const tenant = await makeTenant(database);
    const agent = await makeAgent(database, tenant.id);
    const s = await makeSession(database, tenant.id, agent.id);
    await idleFor(tenant.id, s.sessionId, limits.sessionIdleMs + 1_000);
    assert.equal((await idle(s.cookie)).statusCode, 401);
    const ext = await extend(s.cookie, s.csrfToken);
    assert.equal(ext.statusCode, 401, ext.body);
    // Too late to extend: the session stays ended.
    assert.equal((await idle(s.cookie)).statusCode, 401);

    const revoked = await makeSession(database, tenant.id, agent.id);
    await database.tenant(tenant.id, (tx) => tx.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.id, revoked.sessionId)));
    assert.equal((await extend(revoked.cookie, revoked.csrfToken)).statusCode, 401);
    assert.equal((await idle('')).statusCode, 401);
  });

  it('never reaches past the session’s absolute end', async () => {
    const tenant = await makeTenant(database);
    const agent = await makeAgent(database, tenant.id);
    const s = await makeSession(database, tenant.id, agent.id);
    await database.tenant(tenant.id, (tx) => tx.update(sessions).set({ expiresAt: sql`now() + interval '2 minutes'` }).where(eq(sessions.id, s.sessionId)));
    const r = (await extend(s.cookie, s.csrfToken)).json();
    assert.ok(r.idleRemainingMs <= 120_000 && r.idleRemainingMs > 100_000, String(r.idleRemainingMs));
    assert.equal(r.idleExpiresAt, r.expiresAt);
  });
});
