import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { readAuthSettings } from '../auth/index.ts';

describe('tenant security settings', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  before(async () => {
    ({ app, database, close } = await createTestApp());
  });
  after(async () => close());

  it('shows the defaults, saves a new policy that the login reads, audits it, and refuses others', async () => {
    const tenant = await makeTenant(database);
    const admin = await makeAgent(database, tenant.id, { roles: ['agent', 'admin'] });
    const agent = await makeAgent(database, tenant.id);
    const s = await makeSession(database, tenant.id, admin.id);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };

    const current = await app.inject({ method: 'GET', url: '/api/admin/security-settings', headers });
    assert.equal(current.statusCode, 200);
    assert.deepEqual(current.json().auth, {
      strikesMode: 'suspend',
      allowPasswordTotp: true,
      allowPlatformAuthenticators: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 10,
      identityChecks: ['callback'],
    });

    const wanted = {
      helpdeskPhone: '02 96 12 34 56',
      auth: { strikesMode: 'lockout', allowPasswordTotp: false, allowPlatformAuthenticators: true, sessionIdleMinutes: 15, sessionAbsoluteHours: 8, identityChecks: ['callback', 'manager'] },
    };
    const saved = await app.inject({ method: 'PUT', url: '/api/admin/security-settings', headers, payload: wanted });
    assert.equal(saved.statusCode, 200, saved.body);
    const seen = await database.tenant(tenant.id, (tx) => readAuthSettings(tx, tenant.id));
    assert.equal(seen.strikesMode, 'lockout');
    assert.equal(seen.helpdeskPhone, '02 96 12 34 56');
    assert.deepEqual(seen.identityChecks, ['callback', 'manager']);
    const [event] = await database.tenant(tenant.id, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.action, 'tenant.security_settings_changed')),
    );
    assert.equal(event!.actorId, admin.id);
    assert.equal((event!.data as { before: { auth: { strikesMode: string } } }).before.auth.strikesMode, 'suspend');

    const bad = await app.inject({ method: 'PUT', url: '/api/admin/security-settings', headers, payload: { ...wanted, auth: { ...wanted.auth, sessionIdleMinutes: 1 } } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().issues[0].path, ['body', 'auth', 'sessionIdleMinutes']);

    const plain = await makeSession(database, tenant.id, agent.id);
    const refused = await app.inject({
      method: 'PUT',
      url: '/api/admin/security-settings',
      headers: { cookie: plain.cookie, 'x-csrf-token': plain.csrfToken, origin: TEST_ORIGIN },
      payload: wanted,
    });
    assert.equal(refused.statusCode, 403);
    const noCsrf = await app.inject({ method: 'PUT', url: '/api/admin/security-settings', headers: { cookie: s.cookie, origin: TEST_ORIGIN }, payload: wanted });
    assert.equal(noCsrf.statusCode, 403);

    // Another tenant's settings are untouched.
    const other = await makeTenant(database);
    const otherSettings = await database.tenant(other.id, (tx) => readAuthSettings(tx, other.id));
    assert.equal(otherSettings.strikesMode, 'suspend');
  });
});
