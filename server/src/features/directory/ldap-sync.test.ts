// The directory sync against a real OpenLDAP (server/test/slapd.ts), end to end through
// the API and the durable job (pg-boss), on PGlite or PostgreSQL (DATABASE_URL): the first
// sync creates the agents, a second changes nothing, a renamed unit, a leaver, the 5 % stop
// and its confirmation, an empty result, a wrong password, StartTLS and LDAPS with the
// test's CA, groups giving agent/manager only, the password never answered nor logged nor
// audited, and the denials (non-admin, other tenant, CSRF).
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import { agentDn, generateTree, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_PEOPLE_DN, LDAP_UNITS_DN, startSlapd, type Slapd } from '../../../test/slapd.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, directoryLdapConfigs, directoryLdapRuns } from '../../db/schema.ts';
import { createLogger } from '../../platform/logger.ts';
import { SecretKeyring } from '../../platform/secrets.ts';
import { ldapBindPasswordResealer } from './ldap-reseal.ts';
import { randomBytes } from 'node:crypto';

type Session = { cookie: string; csrfToken: string };
type Run = { id: string; status: string; created: number; updated: number; unchanged: number; deactivated: number; entries: number; refused: { dn: string; reason: string; field?: string }[]; stopReason: string | null; pendingDeactivations: number; error: string | null; summary: string };

const AGENTS = 40;
const NORD = 'Circonscription Nord';

describe('directory sync from LDAP (slapd)', () => {
  let slapd: Slapd;
  let database: Database;
  let app: FastifyInstance;
  let tenantId: string;
  let admin: Session;
  let helpdesk: Session;
  let other: Session;
  let logs = '';

  const send = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, session: Session | null, payload?: unknown, csrf = true) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...(session ? { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': session.csrfToken } : {}) } : {}),
      },
    });

  const baseConfig = () => ({
    url: slapd.url,
    bindDn: LDAP_BIND_DN,
    baseDn: LDAP_PEOPLE_DN,
    filter: '(objectClass=inetOrgPerson)',
    tls: 'none' as string,
    caCertificate: null as string | null,
    schedule: 'off',
    mapping: {
      externalId: 'uid',
      firstName: 'givenName',
      lastName: 'sn',
      email: 'mail',
      professionalPhone: 'telephoneNumber',
      mobilePhone: 'mobile',
      unit: 'departmentNumber',
      groups: 'memberOf',
      groupRoles: [{ group: 'encadrants', role: 'manager' }],
    },
  });
  const configure = async (changes: Record<string, unknown> = {}) => {
    const res = await send('PUT', '/api/admin/directory/ldap', admin, { ...baseConfig(), ...changes });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  /** « Synchroniser maintenant », then the run once it has finished or stopped. */
  const sync = async (): Promise<Run> => {
    const res = await send('POST', '/api/admin/directory/ldap/sync', admin, {});
    assert.equal(res.statusCode, 202, res.body);
    return settle(res.json().runId);
  };
  const settle = async (runId: string): Promise<Run> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await send('GET', `/api/admin/directory/ldap/runs/${runId}`, admin);
      assert.equal(res.statusCode, 200, res.body);
      const run = res.json() as Run;
      if (run.status !== 'queued' && run.status !== 'running') return run;
      assert.ok(Date.now() < deadline, `run ${runId} still ${run.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const agentByUid = async (uid: string) => {
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.externalId, uid)));
    return row;
  };

  before(async () => {
    slapd = await startSlapd(generateTree(AGENTS));
    database = await createTestDatabase();
    const config = loadConfig({ ESTRAN_ORIGIN: TEST_ORIGIN, ESTRAN_WEB_DIST: '/nonexistent', LOG_LEVEL: 'info', NODE_ENV: 'test' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    app = await buildApp({ config, database, logger: createLogger('debug', sink) });
    await app.ready();
    tenantId = (await makeTenant(database, { name: 'Département de test' })).id;
    const a = await makeAgent(database, tenantId, { roles: ['agent', 'admin'] });
    admin = await makeSession(database, tenantId, a.id);
    const h = await makeAgent(database, tenantId, { roles: ['agent', 'helpdesk'] });
    helpdesk = await makeSession(database, tenantId, h.id);
    const otherTenant = (await makeTenant(database, { name: 'Commune voisine' })).id;
    other = await makeSession(database, otherTenant, (await makeAgent(database, otherTenant, { roles: ['agent', 'admin'] })).id);
    for (const [name, code] of [
      [NORD, 'CSD-N'],
      ['Circonscription Sud', 'CSD-S'],
      ['Direction de l’action sociale', 'DAS'],
    ] as const) {
      const res = await send('POST', '/api/admin/units', admin, { name, code, kind: 'territorial' });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(async () => {
    await app?.close();
    await database?.close();
    await slapd?.stop();
  });

  it('answers no settings before the first, and refuses a sync then', async () => {
    const res = await send('GET', '/api/admin/directory/ldap', admin);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().configured, false);
    assert.equal(res.json().bindPasswordSet, false);
    assert.equal((await send('POST', '/api/admin/directory/ldap/sync', admin, {})).statusCode, 409);
  });

  it('refuses groups mapped to a privileged role', async () => {
    for (const role of ['admin', 'helpdesk', 'alert_sender', 'dpo']) {
      const res = await send('PUT', '/api/admin/directory/ldap', admin, { ...baseConfig(), bindPassword: LDAP_BIND_PASSWORD, mapping: { ...baseConfig().mapping, groupRoles: [{ group: 'administrateurs', role }] } });
      assert.equal(res.statusCode, 400, `${role}: ${res.body}`);
    }
  });

  it('stores the settings with the bind password sealed, never answered nor audited', async () => {
    const saved = await configure({ bindPassword: LDAP_BIND_PASSWORD });
    assert.equal(saved.configured, true);
    assert.equal(saved.bindPasswordSet, true);
    assert.ok(!JSON.stringify(saved).includes(LDAP_BIND_PASSWORD));
    const read = await send('GET', '/api/admin/directory/ldap', admin);
    assert.ok(!read.body.includes(LDAP_BIND_PASSWORD));
    assert.equal(read.json().mapping.unit, 'departmentNumber');
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapConfigs));
    assert.match(row!.bindPasswordSealed!, /^v1\./);
    assert.ok(!row!.bindPasswordSealed!.includes(LDAP_BIND_PASSWORD));
    // Saving again without the password keeps it.
    const kept = await configure();
    assert.equal(kept.bindPasswordSet, true);
    const [again] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapConfigs));
    assert.equal(again!.bindPasswordSealed, row!.bindPasswordSealed);
    const events = await database.tenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'directory.ldap.updated')));
    assert.equal(events.length, 2);
    assert.ok(!JSON.stringify(events).includes(LDAP_BIND_PASSWORD));
    assert.deepEqual(
      events.map((e) => (e.data as { bindPasswordChanged: boolean }).bindPasswordChanged),
      [true, false],
    );
  });

  it('a first sync creates the agents with their unit, and groups give manager; a second changes nothing', async () => {
    const first = await sync();
    assert.equal(first.status, 'succeeded', JSON.stringify(first));
    assert.equal(first.entries, AGENTS);
    assert.equal(first.created, AGENTS);
    assert.deepEqual(first.refused, []);
    const tenth = await agentByUid('agent00010');
    assert.deepEqual(tenth!.roles, ['agent', 'manager']);
    const ninth = await agentByUid('agent00009');
    assert.deepEqual(ninth!.roles, ['agent']);
    assert.equal(ninth!.email, 'agent00009@departement.test');
    assert.equal(ninth!.firstName, 'Prénom00009');
    const units = (await send('GET', '/api/admin/units?pageSize=100', admin)).json().items as { id: string; name: string }[];
    const ninthUnit = units.find((u) => u.id === ninth!.unitId);
    assert.equal(ninthUnit?.name, NORD); // the generator puts agent i in its units[i % 3]
    const second = await sync();
    assert.equal(second.status, 'succeeded');
    assert.deepEqual([second.created, second.updated, second.unchanged, second.deactivated], [0, 0, AGENTS, 0]);
    const list = await send('GET', '/api/admin/directory/ldap/runs', admin);
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().total, 2);
    assert.equal(list.json().items[0].id, second.id);
  });

  it('a unit renamed in the directory: its agents are refused (not leavers) until Estran knows the name; a code moves an agent', async () => {
    const members = generateTree(AGENTS).agents.filter((a) => a.department === NORD);
    const renamed = 'Circonscription Nord-Littoral';
    slapd.modify(
      [
        `dn: ou=${NORD},${LDAP_UNITS_DN}\nchangetype: modrdn\nnewrdn: ou=${renamed}\ndeleteoldrdn: 1\n`,
        ...members.map((m) => `dn: ${agentDn(m.uid)}\nchangetype: modify\nreplace: departmentNumber\ndepartmentNumber: ${renamed}\n`),
        `dn: ${agentDn('agent00003')}\nchangetype: modify\nreplace: departmentNumber\ndepartmentNumber: CSD-S\n`,
      ].join('\n'),
    );
    const run = await sync();
    assert.equal(run.status, 'succeeded', JSON.stringify(run));
    assert.equal(run.refused.length, members.filter((m) => m.uid !== 'agent00003').length);
    assert.ok(run.refused.every((r) => r.field === 'departmentNumber' && r.reason.includes(renamed)), JSON.stringify(run.refused[0]));
    assert.equal(run.deactivated, 0);
    assert.equal(run.updated, 1);
    const moved = await agentByUid('agent00003');
    const units = (await send('GET', '/api/admin/units?pageSize=100', admin)).json().items as { id: string; name: string; code: string }[];
    assert.equal(units.find((u) => u.id === moved!.unitId)?.code, 'CSD-S');
    // Estran renames its unit too: the agents are found again, unchanged (same unit).
    const nord = units.find((u) => u.code === 'CSD-N')!;
    assert.equal((await send('PATCH', `/api/admin/units/${nord.id}`, admin, { name: renamed })).statusCode, 200);
    const after = await sync();
    assert.deepEqual([after.refused.length, after.updated, after.deactivated], [0, 0, 0], JSON.stringify(after));
  });

  it('deactivates a leaver the directory no longer lists (and only agents a sync brought in)', async () => {
    slapd.modify(`dn: ${agentDn('agent00005')}\nchangetype: delete\n`);
    const run = await sync();
    assert.equal(run.status, 'succeeded', JSON.stringify(run));
    assert.equal(run.deactivated, 1);
    assert.equal((await agentByUid('agent00005'))!.status, 'disabled');
    // The administrator and the helpdesk agent, created in Estran, stay active.
    const active = await database.tenant(tenantId, (tx) => tx.select({ id: agents.id }).from(agents).where(eq(agents.status, 'active')));
    assert.equal(active.length, AGENTS - 1 + 2);
    const again = await sync();
    assert.equal(again.deactivated, 0);
  });

  it('stops before deactivating more than 5 % of the agents, and deactivates them once confirmed', async () => {
    const gone = ['agent00011', 'agent00012', 'agent00013'];
    slapd.modify(gone.map((uid) => `dn: ${agentDn(uid)}\nchangetype: delete\n`).join('\n'));
    const run = await sync();
    assert.equal(run.status, 'awaiting_confirmation', JSON.stringify(run));
    assert.equal(run.stopReason, 'deactivation_threshold');
    assert.equal(run.pendingDeactivations, 3);
    assert.equal(run.deactivated, 0);
    for (const uid of gone) assert.equal((await agentByUid(uid))!.status, 'active');
    assert.equal((await send('POST', `/api/admin/directory/ldap/runs/${run.id}/confirm`, helpdesk, {})).statusCode, 403);
    assert.equal((await send('POST', `/api/admin/directory/ldap/runs/${run.id}/confirm`, other, {})).statusCode, 404);
    assert.equal((await send('POST', `/api/admin/directory/ldap/runs/${run.id}/confirm`, admin, {}, false)).statusCode, 403);
    const confirm = await send('POST', `/api/admin/directory/ldap/runs/${run.id}/confirm`, admin, {});
    assert.equal(confirm.statusCode, 202, confirm.body);
    assert.equal(confirm.json().runId, run.id);
    const done = await settle(run.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.deactivated, 3);
    for (const uid of gone) assert.equal((await agentByUid(uid))!.status, 'disabled');
    assert.equal((await send('POST', `/api/admin/directory/ldap/runs/${run.id}/confirm`, admin, {})).statusCode, 409);
  });

  it('stops on an empty result (a wrong filter) and deactivates no one', async () => {
    await configure({ filter: '(uid=personne)' });
    const run = await sync();
    assert.equal(run.status, 'awaiting_confirmation', JSON.stringify(run));
    assert.equal(run.stopReason, 'empty_result');
    assert.equal(run.pendingDeactivations, AGENTS - 4);
    const active = await database.tenant(tenantId, (tx) => tx.select({ id: agents.id }).from(agents).where(eq(agents.status, 'active')));
    assert.equal(active.length, AGENTS - 4 + 2);
    await configure();
    // A newer run makes the old stop's confirmation void.
    const next = await sync();
    assert.equal(next.status, 'succeeded');
    assert.equal((await send('POST', `/api/admin/directory/ldap/runs/${run.id}/confirm`, admin, {})).statusCode, 409);
  });

  it('fails with a clear report on a wrong password, deactivating no one, and logs no password', async () => {
    const wrong = 'pas-le-bon-mot-de-passe-42';
    await configure({ bindPassword: wrong });
    const run = await sync();
    assert.equal(run.status, 'failed');
    assert.match(run.error!, /mot de passe incorrect/);
    assert.equal(run.deactivated, 0);
    await configure({ bindPassword: LDAP_BIND_PASSWORD });
    assert.ok(!logs.includes(wrong), 'the wrong password is not in the logs');
    assert.ok(!logs.includes(LDAP_BIND_PASSWORD), 'the password is not in the logs');
    assert.ok(logs.includes('directory sync failed'), 'the failure is logged');
    const events = await database.tenant(tenantId, (tx) => tx.select().from(auditEvents));
    assert.ok(!JSON.stringify(events).includes(LDAP_BIND_PASSWORD) && !JSON.stringify(events).includes(wrong));
  });

  it('fails with a clear report when the directory is unreachable (an outage deactivates no one)', async () => {
    await configure({ url: 'ldap://127.0.0.1:1' });
    const run = await sync();
    assert.equal(run.status, 'failed');
    assert.match(run.error!, /injoignable/);
    assert.equal(run.deactivated, 0);
    await configure();
  });

  it('reads the directory over StartTLS and LDAPS with the CA given, and refuses an unknown certificate', async () => {
    await configure({ tls: 'starttls', caCertificate: slapd.caCertificate });
    const starttls = await sync();
    assert.equal(starttls.status, 'succeeded', JSON.stringify(starttls));
    assert.equal(starttls.entries, AGENTS - 4);
    await configure({ tls: 'ldaps', url: slapd.ldapsUrl, caCertificate: slapd.caCertificate });
    const ldaps = await sync();
    assert.equal(ldaps.status, 'succeeded', JSON.stringify(ldaps));
    await configure({ tls: 'starttls', caCertificate: null });
    const unknown = await sync();
    assert.equal(unknown.status, 'failed');
    assert.match(unknown.error!, /certificat/i);
    await configure();
  });

  it('refuses non-administrators, another tenant’s run and a request without its CSRF token', async () => {
    const runs = (await send('GET', '/api/admin/directory/ldap/runs', admin)).json().items as { id: string }[];
    const runId = runs[0]!.id;
    for (const [method, url] of [
      ['GET', '/api/admin/directory/ldap'],
      ['PUT', '/api/admin/directory/ldap'],
      ['POST', '/api/admin/directory/ldap/sync'],
      ['GET', '/api/admin/directory/ldap/runs'],
      ['GET', `/api/admin/directory/ldap/runs/${runId}`],
    ] as const) {
      const payload = method === 'PUT' ? baseConfig() : method === 'POST' ? {} : undefined;
      assert.equal((await send(method, url, helpdesk, payload)).statusCode, 403, `${method} ${url}`);
      assert.equal((await send(method, url, null, payload)).statusCode, 401, `${method} ${url}`);
    }
    assert.equal((await send('GET', `/api/admin/directory/ldap/runs/${runId}`, other)).statusCode, 404);
    assert.equal((await send('GET', '/api/admin/directory/ldap/runs', other)).json().total, 0);
    assert.equal((await send('GET', '/api/admin/directory/ldap', other)).json().configured, false);
    assert.equal((await send('POST', '/api/admin/directory/ldap/sync', admin, {}, false)).statusCode, 403);
    assert.equal((await send('PUT', '/api/admin/directory/ldap', admin, baseConfig(), false)).statusCode, 403);
  });

  it('fails a run lost an hour ago (a node stopped mid-run), so the next sync is not refused', async () => {
    const [lost] = await database.tenant(tenantId, (tx) =>
      tx.insert(directoryLdapRuns).values({ tenantId, trigger: 'manual', status: 'running', startedAt: new Date(Date.now() - 2 * 3600_000) }).returning(),
    );
    const run = await sync();
    assert.equal(run.status, 'succeeded', JSON.stringify(run));
    const stale = (await send('GET', `/api/admin/directory/ldap/runs/${lost!.id}`, admin)).json() as Run;
    assert.equal(stale.status, 'failed');
    assert.match(stale.error!, /interrompue/);
  });

  it('reseals the bind password with the new active key (estran secret rotate --reseal), for its tenant only', async () => {
    const context = `directory.ldap-bind-password:${tenantId}`;
    const oldKey = randomBytes(32);
    const before = new SecretKeyring([{ id: 'k-old', key: oldKey, active: true }]);
    const rotated = new SecretKeyring([
      { id: 'k-new', key: randomBytes(32), active: true },
      { id: 'k-old', key: oldKey, active: false },
    ]);
    const [row] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapConfigs));
    const setSealed = (value: string) => database.tenant(tenantId, (tx) => tx.update(directoryLdapConfigs).set({ bindPasswordSealed: value }).where(eq(directoryLdapConfigs.tenantId, tenantId)));
    await setSealed(before.seal(LDAP_BIND_PASSWORD, context));
    assert.equal(await ldapBindPasswordResealer.reseal(rotated, database), 1);
    assert.equal(await ldapBindPasswordResealer.reseal(rotated, database), 0, 'already sealed by the active key');
    const [resealed] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapConfigs));
    assert.match(resealed!.bindPasswordSealed!, /^v1\.k-new\./);
    assert.equal(rotated.openString(resealed!.bindPasswordSealed!, context), LDAP_BIND_PASSWORD);
    assert.throws(() => rotated.openString(resealed!.bindPasswordSealed!, 'directory.ldap-bind-password:another-tenant'));
    const events = await database.tenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'directory.ldap.resealed')));
    assert.equal(events.length, 1);
    assert.ok(!JSON.stringify(events).includes(LDAP_BIND_PASSWORD));
    await setSealed(row!.bindPasswordSealed!); // the app's own key again, for the next runs
  });

  it('keeps a schedule as a durable job of the tenant, which a restarted server works, and removes it', async () => {
    await configure({ schedule: 'hourly' });
    assert.equal(await app.jobs.hasSchedules('directory.ldap-sync', tenantId), true);
    // Another node (or the server after a restart) starts its worker because a schedule is stored.
    const config = loadConfig({ ESTRAN_ORIGIN: TEST_ORIGIN, ESTRAN_WEB_DIST: '/nonexistent', LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    const second = await buildApp({ config, database, logger: createLogger('silent') });
    await second.ready();
    assert.equal(second.jobs.started, true);
    await second.close();
    // A tick of the schedule (what pg-boss's cron sends) opens and runs its own run.
    await app.jobs.send('directory.ldap-sync', { tenantId, trigger: 'schedule' });
    const deadline = Date.now() + 30_000;
    let tick: Run | undefined;
    while (!tick) {
      const items = (await send('GET', '/api/admin/directory/ldap/runs', admin)).json().items as (Run & { trigger: string })[];
      tick = items.find((r) => r.trigger === 'schedule' && r.status !== 'running');
      assert.ok(Date.now() < deadline, 'the scheduled run ran');
      if (!tick) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(tick.status, 'succeeded', JSON.stringify(tick));
    assert.equal(tick.unchanged, AGENTS - 4);
    await configure({ schedule: 'off' });
    assert.equal(await app.jobs.hasSchedules('directory.ldap-sync', tenantId), false);
  });
});
