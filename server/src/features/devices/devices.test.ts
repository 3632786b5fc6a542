// Devices of the fleet through the HTTP API: an administrator registers a managed laptop
// or a thin client, the device uses its one-time link and keeps a device cookie, key
// logins there carry the device's trust level; declared stolen, its sessions end at once
// and it is told to wipe its local vault.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, makeAgent, makeSession, makeTenant, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { devices, sessions } from '../../db/schema.ts';
import { createEnrolment } from '../auth/index.ts';

const SESSION = '__Host-estran-session';
const DEVICE = '__Host-estran-device';
const FRENCH = /[àâçéèêëîïôûùüœ’]|\b(le|la|les|de|des|du|un|une|votre|vous|est|pas|ce|cette|avec|pour|au|introuvable|invalide)\b/i;
const ENGLISH = /\b(the|is|not|found|invalid|error|request|failed|forbidden|unauthorized|too many)\b/i;

describe('devices of the fleet', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let otherTenantId: string;
  let admin: Record<string, string>;
  let helpdesk: Record<string, string>;
  let plain: Record<string, string>;
  let key: SoftwareAuthenticator;
  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantId = (await makeTenant(database)).id;
    otherTenantId = (await makeTenant(database)).id;
    admin = await headersOf(tenantId, (await makeAgent(database, tenantId, { roles: ['agent', 'admin'] })).id);
    helpdesk = await headersOf(tenantId, (await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] })).id);
    const agent = await makeAgent(database, tenantId);
    plain = await headersOf(tenantId, agent.id);
    key = await enrolKey(agent.id);
  });
  after(async () => close());

  let lastOctet = 0;
  const newAddress = () => `198.18.0.${++lastOctet}`;
  let devicesMade = 0;

  async function headersOf(tenant: string, agentId: string) {
    const s = await makeSession(database, tenant, agentId);
    return { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };
  }

  const post = (url: string, payload: unknown, input: { headers?: Record<string, string>; cookies?: Record<string, string>; ip?: string } = {}) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: input.ip ?? newAddress(),
      headers: { 'content-type': 'application/json', ...input.headers },
      ...(input.cookies ? { cookies: input.cookies } : {}),
      payload: JSON.stringify(payload),
    });

  function denial(res: LightMyRequestResponse, status: number, error: string) {
    assert.equal(res.statusCode, status, res.body);
    const body = res.json();
    assert.equal(body.error, error, res.body);
    assert.equal(typeof body.message, 'string');
    assert.match(body.message, FRENCH, `a French message: ${body.message}`);
    assert.doesNotMatch(body.message, ENGLISH, `a French message: ${body.message}`);
    return body;
  }

  async function enrolKey(agentId: string) {
    const { token } = await database.tenant(tenantId, (tx) =>
      createEnrolment(tx, { tenantId, agentId, purpose: 'security-key', actor: { type: 'system' } }),
    );
    const k = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    const ip = newAddress();
    const options = await post('/api/auth/webauthn/register/options', { enrolmentToken: token }, { ip });
    const done = await post('/api/auth/webauthn/register/verify', { enrolmentToken: token, response: k.register(options.json()) }, { ip });
    assert.equal(done.statusCode, 201, done.body);
    return k;
  }

  async function login(deviceCookie?: string) {
    const ip = newAddress();
    const options = await post('/api/auth/webauthn/login/options', {}, { ip });
    assert.equal(options.statusCode, 200, options.body);
    return post('/api/auth/webauthn/login/verify', key.assert(options.json()), { ip, ...(deviceCookie ? { cookies: { [DEVICE]: deviceCookie } } : {}) });
  }

  async function createDevice(kind: 'managed' | 'thin-client', headers = admin) {
    const res = await post('/api/admin/devices', { name: `Poste ${kind} ${++devicesMade}`, kind }, { headers });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.device.kind, kind);
    assert.equal(body.device.registeredAt, null);
    assert.equal(body.link, `${TEST_ORIGIN}/device#${body.token}`);
    return body as { device: { id: string }; token: string };
  }

  /** On the device: the link's token becomes the device cookie. */
  async function register(token: string) {
    const res = await post('/api/devices/register', { token });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === DEVICE);
    assert.ok(cookie, 'the device cookie is set');
    return { res, cookie };
  }

  const sessionOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === SESSION)!.value;
  const currentSession = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/session', cookies: { [SESSION]: cookie } });

  it('registers a device once from its link, with a device cookie that scripts cannot read', async () => {
    const { device, token } = await createDevice('managed');
    const { res, cookie } = await register(token);
    assert.equal(res.json().id, device.id);
    assert.ok(res.json().registeredAt);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.domain, undefined, '__Host- cookies have no Domain');
    denial(await post('/api/devices/register', { token }), 410, 'gone');
  });

  it('refuses a device link that is unknown or malformed', async () => {
    denial(await post('/api/devices/register', { token: `${tenantId}.${'B'.repeat(43)}` }), 404, 'not_found');
    denial(await post('/api/devices/register', { token: 'y'.repeat(50) }), 400, 'invalid_request');
  });

  it('gives a key login the device’s trust level: managed, thin client, or personal without the cookie', async () => {
    const managed = await createDevice('managed');
    const thin = await createDevice('thin-client');
    const managedCookie = (await register(managed.token)).cookie.value;
    const thinCookie = (await register(thin.token)).cookie.value;

    const onManaged = await login(managedCookie);
    assert.equal(onManaged.statusCode, 200, onManaged.body);
    assert.equal(onManaged.json().trust, 'managed');
    assert.equal((await currentSession(sessionOf(onManaged))).json().trust, 'managed');

    const onThin = await login(thinCookie);
    assert.equal(onThin.statusCode, 200, onThin.body);
    assert.equal(onThin.json().trust, 'thin-client');

    const elsewhere = await login();
    assert.equal(elsewhere.statusCode, 200, elsewhere.body);
    assert.equal(elsewhere.json().trust, 'personal');

    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(sessions).where(eq(sessions.deviceId, thin.device.id)));
    assert.ok(row, 'the session remembers its device');
  });

  it('trusts the registered device, not the link: its token, unused or copied elsewhere, gives no trust', async () => {
    // The link was shown to IT and sent to the device; whoever saw it holds its token.
    const unused = await createDevice('managed');
    const registered = await createDevice('managed');
    await register(registered.token);
    const trusts: Record<string, string> = {};
    for (const [name, token] of [['never registered', unused.token], ['copied after registration', registered.token]]) {
      const res = await login(token);
      assert.equal(res.statusCode, 200, res.body);
      trusts[name!] = res.json().trust;
    }
    assert.deepEqual(trusts, { 'never registered': 'personal', 'copied after registration': 'personal' });
  });

  it('ignores the device cookie of another tenant (personal)', async () => {
    const otherAdmin = await headersOf(otherTenantId, (await makeAgent(database, otherTenantId, { roles: ['agent', 'admin'] })).id);
    const foreign = await createDevice('managed', otherAdmin);
    const cookie = (await register(foreign.token)).cookie.value;
    const res = await login(cookie);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().trust, 'personal');
  });

  it('declared stolen: its sessions end at once, it is refused and told to wipe; declared once', async () => {
    const { device, token } = await createDevice('managed');
    const cookie = (await register(token)).cookie.value;
    const onDevice = await login(cookie);
    assert.equal(onDevice.statusCode, 200, onDevice.body);
    const deviceSession = sessionOf(onDevice);
    const personal = await login();
    const personalSession = sessionOf(personal);
    assert.equal((await currentSession(deviceSession)).statusCode, 200);

    // Only the helpdesk declares a device stolen.
    denial(await post(`/api/helpdesk/devices/${device.id}/stolen`, {}, { headers: plain }), 403, 'forbidden');
    assert.equal((await currentSession(deviceSession)).statusCode, 200, 'a refused declaration changes nothing');

    const declared = await post(`/api/helpdesk/devices/${device.id}/stolen`, { note: 'Volé dans la voiture de service' }, { headers: helpdesk });
    assert.equal(declared.statusCode, 200, declared.body);
    assert.equal(declared.json().sessionsEnded, 1);
    denial(await currentSession(deviceSession), 401, 'unauthenticated');
    assert.equal((await currentSession(personalSession)).statusCode, 200, 'the agent’s other sessions go on');

    const again = await login(cookie);
    const body = denial(again, 403, 'device_revoked');
    assert.equal(body.wipe, true);
    assert.equal(again.cookies.find((c) => c.name === SESSION), undefined, 'no session for a stolen device');

    denial(await post(`/api/helpdesk/devices/${device.id}/stolen`, {}, { headers: helpdesk }), 409, 'conflict');
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(devices).where(eq(devices.id, device.id)));
    assert.ok(row!.stolenAt && row!.revokedAt);
  });

  it('lets only administrators create devices', async () => {
    for (const headers of [plain, helpdesk]) {
      denial(await post('/api/admin/devices', { name: 'Portable', kind: 'managed' }, { headers }), 403, 'forbidden');
    }
    denial(await post('/api/admin/devices', { name: 'Portable', kind: 'managed' }), 401, 'unauthenticated');
  });
});
