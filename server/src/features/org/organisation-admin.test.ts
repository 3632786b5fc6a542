// The organisation edited by its administrator (issue 17), end to end on the server:
// GET/PATCH /api/admin/organisation, PUT/DELETE /api/admin/organisation/logo, the logo
// served publicly (GET /api/org/tenants/{id}/logo, GET /api/org/logo by host name), the
// login page's branding by host name, the operator's PATCH /api/admin/tenants/{id} (host
// names), the session's time zone and logo, the audit trail, and every denial.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { limits, organisationLogoType } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';

type Session = { cookie: string; csrfToken: string };

/** A real 1 × 1 PNG, and the first bytes of a JPEG and of a WebP. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'), Buffer.from([0xff, 0xd9])]);
const webp = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0', 'latin1')]);
const htmlNamedPng = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');

describe('the organisation, edited by its administrator', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantA: string;
  let tenantB: string;
  let operatorTenant: string;
  let admin: Session;
  let agent: Session;
  let otherAdmin: Session;
  let operatorAdmin: Session;

  const send = (method: 'GET' | 'PATCH' | 'PUT' | 'DELETE', url: string, session: Session | null, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: Buffer.isBuffer(payload) ? payload : (payload as object) }),
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
        ...headers,
      },
    });
  const patch = (payload: unknown, session: Session | null = admin) => send('PATCH', '/api/admin/organisation', session, payload);
  const putLogo = (image: Buffer, contentType: string, session: Session | null = admin) =>
    send('PUT', '/api/admin/organisation/logo', session, image, { 'content-type': contentType });
  const auditOf = (tenantId: string, action: string) =>
    database.tenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))).orderBy(auditEvents.seq),
    );
  const refusal = (res: { statusCode: number; body: string; json(): unknown }, field: string) => {
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json() as { error: string; issues: { path: (string | number)[]; message: string }[] };
    assert.equal(body.error, 'invalid_request');
    const issue = body.issues.find((i) => i.path.join('.') === `body.${field}`);
    assert.ok(issue, `an issue on ${field}: ${res.body}`);
    return issue.message;
  };

  before(async () => {
    ({ app, database, close } = await createTestApp());
    operatorTenant = (await makeTenant(database, { name: 'Syndicat mixte Mégalis', operator: true })).id;
    operatorAdmin = await makeSession(database, operatorTenant, (await makeAgent(database, operatorTenant, { roles: ['agent', 'admin'] })).id);
    tenantA = (await makeTenant(database, { name: 'Commune de Lannion' })).id;
    admin = await makeSession(database, tenantA, (await makeAgent(database, tenantA, { roles: ['agent', 'admin'] })).id);
    agent = await makeSession(database, tenantA, (await makeAgent(database, tenantA, { roles: ['agent', 'helpdesk', 'manager', 'dpo'] })).id);
    tenantB = (await makeTenant(database, { name: 'Commune de Perros-Guirec' })).id;
    otherAdmin = await makeSession(database, tenantB, (await makeAgent(database, tenantB, { roles: ['agent', 'admin'] })).id);
  });
  after(async () => close());

  it('reads the organisation with its defaults: Paris time, no logo, no host name', async () => {
    const res = await send('GET', '/api/admin/organisation', admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      id: tenantA,
      slug: res.json().slug,
      name: 'Commune de Lannion',
      kind: 'commune',
      operator: false,
      helpdeskPhone: '02 96 00 00 00',
      timeZone: 'Europe/Paris',
      hostnames: [],
      logo: null,
    });
  });

  it('renames it, makes it a syndicat, sets its helpdesk number and time zone; audited with before and after', async () => {
    const res = await patch({ name: 'Syndicat intercommunal du Trégor', kind: 'syndicat', helpdeskPhone: '+33 2 96 46 64 22', timeZone: 'Indian/Reunion' });
    assert.equal(res.statusCode, 200, res.body);
    const o = res.json();
    assert.equal(o.name, 'Syndicat intercommunal du Trégor');
    assert.equal(o.kind, 'syndicat');
    assert.equal(o.helpdeskPhone, '+33 2 96 46 64 22');
    assert.equal(o.timeZone, 'Indian/Reunion');
    assert.deepEqual((await send('GET', '/api/admin/organisation', admin)).json(), o);
    const [event] = await auditOf(tenantA, 'tenant.updated');
    assert.equal(event?.targetType, 'tenant');
    assert.equal(event?.targetId, tenantA);
    assert.deepEqual((event?.data as { changes: unknown }).changes, {
      name: { before: 'Commune de Lannion', after: 'Syndicat intercommunal du Trégor' },
      kind: { before: 'commune', after: 'syndicat' },
      helpdeskPhone: { before: '02 96 00 00 00', after: '+33 2 96 46 64 22' },
      timeZone: { before: 'Europe/Paris', after: 'Indian/Reunion' },
    });
    // The same values again change nothing and write no event; null removes the number.
    assert.equal((await patch({ name: 'Syndicat intercommunal du Trégor' })).statusCode, 200);
    assert.equal((await auditOf(tenantA, 'tenant.updated')).length, 1);
    const cleared = await patch({ helpdeskPhone: null, timeZone: 'Europe/Paris' });
    assert.equal(cleared.json().helpdeskPhone, null);
    assert.equal((await auditOf(tenantA, 'tenant.updated')).length, 2);
    assert.equal((await patch({ helpdeskPhone: '02.96.46.64.22' })).statusCode, 200);
    assert.equal((await patch({ helpdeskPhone: '3939' })).statusCode, 200);
    assert.equal((await patch({ helpdeskPhone: '0 800 123 456' })).statusCode, 200);
  });

  it('refuses each field with a French message tied to it', async () => {
    assert.match(refusal(await patch({ name: '   ' }), 'name'), /Nom de l’organisation obligatoire/);
    assert.match(refusal(await patch({ name: 'x'.repeat(limits.nameMax + 1) }), 'name'), /trop long/);
    assert.match(refusal(await patch({ kind: 'operator' }), 'kind'), /Type d’organisation inconnu/);
    assert.match(refusal(await patch({ kind: 'region' }), 'kind'), /Type d’organisation inconnu/);
    for (const phone of ['12345', '00 33 2 96 46 64 22', '02 96 46 64', 'appelez-nous', '+44 20 7946 0958']) {
      assert.match(refusal(await patch({ helpdeskPhone: phone }), 'helpdeskPhone'), /Numéro de téléphone français attendu/, phone);
    }
    assert.match(refusal(await patch({ timeZone: 'Europe/Atlantis' }), 'timeZone'), /Fuseau horaire inconnu/);
    assert.match(refusal(await patch({ timeZone: 'CET+1' }), 'timeZone'), /Fuseau horaire inconnu/);
    const empty = await patch({});
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal((await patch({ slug: 'autre' })).statusCode, 400);
    assert.equal((await patch({ hostnames: ['estran.tregor.bzh'] })).statusCode, 400, 'host names are the operator’s');
    assert.equal((await send('GET', '/api/admin/organisation', admin)).json().name, 'Syndicat intercommunal du Trégor');
  });

  it('is refused to an agent who is not an administrator (403), and without a session (401)', async () => {
    for (const res of [
      await send('GET', '/api/admin/organisation', agent),
      await patch({ name: 'Prise de contrôle' }, agent),
      await putLogo(png, 'image/png', agent),
      await send('DELETE', '/api/admin/organisation/logo', agent),
      await send('PATCH', `/api/admin/tenants/${tenantA}`, admin, { name: 'Prise de contrôle' }),
    ]) {
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().error, 'forbidden');
    }
    assert.equal((await send('GET', '/api/admin/organisation', null)).statusCode, 401);
    assert.equal((await putLogo(png, 'image/png', null)).statusCode, 401);
    assert.equal((await send('GET', '/api/admin/organisation', admin)).json().name, 'Syndicat intercommunal du Trégor');
  });

  it('another tenant’s administrator changes their own organisation, never this one', async () => {
    const res = await patch({ name: 'Commune de Perros-Guirec (22)' }, otherAdmin);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().id, tenantB);
    assert.equal((await send('GET', '/api/admin/organisation', admin)).json().name, 'Syndicat intercommunal du Trégor');
    assert.equal((await send('PATCH', `/api/admin/tenants/${tenantA}`, otherAdmin, { name: 'Prise de contrôle' })).statusCode, 403);
    assert.equal((await auditOf(tenantA, 'tenant.updated')).some((e) => JSON.stringify(e.data).includes('Perros')), false);
  });

  it('refuses a change without the session’s CSRF token', async () => {
    for (const res of [
      await app.inject({ method: 'PATCH', url: '/api/admin/organisation', payload: { name: 'Sans jeton' }, headers: { cookie: admin.cookie } }),
      await app.inject({ method: 'PUT', url: '/api/admin/organisation/logo', payload: png, headers: { cookie: admin.cookie, 'content-type': 'image/png' } }),
      await app.inject({ method: 'DELETE', url: '/api/admin/organisation/logo', headers: { cookie: admin.cookie, 'x-csrf-token': 'faux' } }),
    ]) {
      assert.equal(res.statusCode, 403, res.body);
    }
    assert.equal((await send('GET', '/api/admin/organisation', admin)).json().name, 'Syndicat intercommunal du Trégor');
  });

  describe('the logo', () => {
    it('recognises PNG, JPEG and WebP by their bytes, nothing else', () => {
      assert.equal(organisationLogoType(png), 'image/png');
      assert.equal(organisationLogoType(jpeg), 'image/jpeg');
      assert.equal(organisationLogoType(webp), 'image/webp');
      for (const bytes of [htmlNamedPng, svg, Buffer.from('GIF89a'), Buffer.from('RIFF\0\0\0\0WAVE'), Buffer.alloc(0), png.subarray(0, 7)]) {
        assert.equal(organisationLogoType(bytes), null);
      }
    });

    it('is set from a PNG, served with its own type, nosniff and caching; audited', async () => {
      const res = await putLogo(png, 'image/png');
      assert.equal(res.statusCode, 200, res.body);
      const logo = res.json().logo;
      assert.equal(logo.contentType, 'image/png');
      assert.equal(logo.bytes, png.length);
      assert.match(logo.url, new RegExp(`^/api/org/tenants/${tenantA}/logo\\?v=`));
      const served = await app.inject({ method: 'GET', url: logo.url });
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/png');
      assert.equal(served.headers['x-content-type-options'], 'nosniff');
      assert.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(String(served.headers['content-disposition']), /^inline/);
      assert.deepEqual(served.rawPayload, png);
      // Without the version: cached a short while, revalidated by its ETag.
      const unversioned = await app.inject({ method: 'GET', url: `/api/org/tenants/${tenantA}/logo` });
      assert.equal(unversioned.headers['cache-control'], 'public, max-age=300, must-revalidate');
      const etag = String(unversioned.headers.etag);
      const again = await app.inject({ method: 'GET', url: `/api/org/tenants/${tenantA}/logo`, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304);
      assert.equal(again.rawPayload.length, 0);
      const [event] = await auditOf(tenantA, 'tenant.logo_changed');
      const data = event?.data as { before: unknown; after: { contentType: string; bytes: number; sha256: string } };
      assert.equal(data.before, null);
      assert.equal(data.after.contentType, 'image/png');
      assert.equal(data.after.bytes, png.length);
      assert.match(data.after.sha256, /^[0-9a-f]{64}$/);
    });

    it('goes by the bytes, not the declared type: a JPEG sent as octet-stream is a JPEG, a WebP a WebP', async () => {
      const j = await putLogo(jpeg, 'application/octet-stream');
      assert.equal(j.statusCode, 200, j.body);
      assert.equal(j.json().logo.contentType, 'image/jpeg');
      assert.equal((await app.inject({ method: 'GET', url: j.json().logo.url })).headers['content-type'], 'image/jpeg');
      const w = await putLogo(webp, 'image/png');
      assert.equal(w.statusCode, 200, w.body);
      assert.equal(w.json().logo.contentType, 'image/webp');
    });

    it('refuses a file named .png holding HTML, an SVG, another image type, and a file past the limit (the logo stays)', async () => {
      const before = (await send('GET', '/api/admin/organisation', admin)).json().logo;
      for (const [image, type] of [
        [htmlNamedPng, 'image/png'],
        [htmlNamedPng, 'text/html'],
        [svg, 'image/svg+xml'],
        [svg, 'image/png'],
        [Buffer.from('GIF89a\x01\0\x01\0\0\0\0;', 'latin1'), 'image/gif'],
      ] as const) {
        const res = await putLogo(image, type);
        assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
        assert.equal(res.json().error, 'unsupported_media_type');
        assert.match(res.json().message, /PNG, JPEG ou WebP/);
      }
      const big = Buffer.concat([png, Buffer.alloc(limits.organisationLogoMaxBytes)]);
      const tooBig = await putLogo(big, 'image/png');
      assert.equal(tooBig.statusCode, 413, tooBig.body);
      assert.match(tooBig.json().message, /Le logo dépasse 256 Kio/);
      assert.deepEqual((await send('GET', '/api/admin/organisation', admin)).json().logo, before);
      assert.equal((await auditOf(tenantA, 'tenant.logo_changed')).length, 3, 'png, jpeg, webp: no event for a refusal');
    });

    it('is shown in the session: the tenant’s time zone and logo URL', async () => {
      await patch({ timeZone: 'America/Cayenne' });
      const res = await send('GET', '/api/auth/session', admin);
      assert.equal(res.statusCode, 200, res.body);
      const tenant = res.json().agent.tenant;
      assert.equal(tenant.timeZone, 'America/Cayenne');
      assert.equal(tenant.logoUrl, (await send('GET', '/api/admin/organisation', admin)).json().logo.url);
      const other = (await send('GET', '/api/auth/session', otherAdmin)).json().agent.tenant;
      assert.equal(other.timeZone, 'Europe/Paris');
      assert.equal(other.logoUrl, null);
    });

    it('is removed (204, audited); then none is served', async () => {
      const res = await send('DELETE', '/api/admin/organisation/logo', admin);
      assert.equal(res.statusCode, 204, res.body);
      assert.equal((await send('GET', '/api/admin/organisation', admin)).json().logo, null);
      const gone = await app.inject({ method: 'GET', url: `/api/org/tenants/${tenantA}/logo` });
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.headers['cache-control'], 'no-store');
      const events = await auditOf(tenantA, 'tenant.logo_changed');
      assert.equal(events.length, 4);
      assert.equal((events[3]?.data as { after: unknown }).after, null);
      assert.equal((await send('DELETE', '/api/admin/organisation/logo', admin)).statusCode, 204);
      assert.equal((await auditOf(tenantA, 'tenant.logo_changed')).length, 4, 'nothing removed, nothing recorded');
    });
  });

  describe('the login page by host name, and the operator', () => {
    it('the operator sets a member’s host names (audited in both chains); a name has one owner (409)', async () => {
      const res = await send('PATCH', `/api/admin/tenants/${tenantA}`, operatorAdmin, { hostnames: ['Estran.Tregor.bzh', 'estran-tregor.megalis.bzh'] });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().hostnames, ['estran.tregor.bzh', 'estran-tregor.megalis.bzh']);
      const taken = await send('PATCH', `/api/admin/tenants/${tenantB}`, operatorAdmin, { hostnames: ['estran.perros.bzh', 'estran.tregor.bzh'] });
      assert.equal(taken.statusCode, 409, taken.body);
      assert.match(taken.json().message, /appartient déjà à une autre organisation/);
      assert.deepEqual((await send('GET', '/api/admin/organisation', otherAdmin)).json().hostnames, []);
      assert.equal(refusal(await send('PATCH', `/api/admin/tenants/${tenantB}`, operatorAdmin, { hostnames: ['https://estran.bzh'] }), 'hostnames.0').length > 0, true);
      assert.equal((await send('PATCH', `/api/admin/tenants/00000000-0000-4000-8000-000000000000`, operatorAdmin, { name: 'Personne' })).statusCode, 404);
      const own = (await auditOf(tenantA, 'tenant.updated')).at(-1);
      assert.deepEqual((own?.data as { changes: unknown; by: string }).changes, { hostnames: { before: [], after: ['estran.tregor.bzh', 'estran-tregor.megalis.bzh'] } });
      assert.equal((own?.data as { by: string }).by, operatorTenant);
      const listed = await send('GET', '/api/admin/tenants?q=Tr%C3%A9gor', operatorAdmin);
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual(listed.json().items.map((t: { hostnames: string[]; timeZone: string }) => [t.hostnames, t.timeZone]), [[['estran.tregor.bzh', 'estran-tregor.megalis.bzh'], 'America/Cayenne']]);
      const operators = await auditOf(operatorTenant, 'tenant.updated');
      assert.equal(operators.at(-1)?.targetId, tenantA);
    });

    it('the operator’s own kind stays operator (409)', async () => {
      const res = await patch({ kind: 'syndicat' }, operatorAdmin);
      assert.equal(res.statusCode, 409, res.body);
      assert.equal((await send('GET', '/api/admin/organisation', operatorAdmin)).json().kind, 'operator');
      assert.equal((await patch({ name: 'Mégalis Bretagne' }, operatorAdmin)).statusCode, 200);
    });

    it('shows the organisation of the host name, the operator’s otherwise', async () => {
      await putLogo(png, 'image/png');
      const a = await app.inject({ method: 'GET', url: '/api/org/branding', headers: { host: 'estran.tregor.bzh' } });
      assert.equal(a.statusCode, 200, a.body);
      assert.equal(a.json().name, 'Syndicat intercommunal du Trégor');
      assert.match(a.json().logoUrl, new RegExp(`^/api/org/tenants/${tenantA}/logo\\?v=`));
      const byPort = await app.inject({ method: 'GET', url: '/api/org/branding', headers: { host: 'ESTRAN-TREGOR.megalis.bzh:8443' } });
      assert.equal(byPort.json().name, 'Syndicat intercommunal du Trégor');
      const other = await app.inject({ method: 'GET', url: '/api/org/branding', headers: { host: 'estran.megalis.bzh' } });
      assert.deepEqual(other.json(), { name: 'Mégalis Bretagne', logoUrl: null });
      const logo = await app.inject({ method: 'GET', url: '/api/org/logo', headers: { host: 'estran.tregor.bzh' } });
      assert.equal(logo.statusCode, 200);
      assert.equal(logo.headers['content-type'], 'image/png');
      assert.deepEqual(logo.rawPayload, png);
      assert.equal((await app.inject({ method: 'GET', url: '/api/org/logo', headers: { host: 'estran.megalis.bzh' } })).statusCode, 404);
    });
  });
});
