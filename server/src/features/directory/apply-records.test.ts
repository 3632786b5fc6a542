// applyDirectoryRecords, the core of the file import and the LDAP sync: created, changed,
// unchanged agents; every refusal with its line and field; all or nothing; the audit
// events; the privileged roles an import neither gives nor takes; nobody's own roles.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, makeAgent, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, sites, units } from '../../db/schema.ts';
import { applyDirectoryRecords, type DirectoryRecord } from './apply-records.ts';

const cli = { type: 'cli' } as const;

describe('applyDirectoryRecords', () => {
  let database: Database;
  let tenantId: string;
  let otherTenantId: string;
  let unitId: string;
  let adminId: string;

  const agentsOf = (t: string) => database.tenant(t, (tx) => tx.select().from(agents));
  const byEmail = async (email: string) => (await agentsOf(tenantId)).find((a) => a.email.toLowerCase() === email.toLowerCase());

  before(async () => {
    database = await createTestDatabase();
    tenantId = (await makeTenant(database)).id;
    otherTenantId = (await makeTenant(database)).id;
    adminId = (await makeAgent(database, tenantId, { roles: ['agent', 'admin'], email: 'admin@cd22.fr' })).id;
    await database.tenant(tenantId, async (tx) => {
      const [u] = await tx.insert(units).values({ tenantId, kind: 'territorial', code: 'UT-LAN', name: 'Unité territoriale de Lannion' }).returning();
      unitId = u!.id;
      await tx.insert(units).values({ tenantId, kind: 'team', code: 'OLD', name: 'Équipe fermée', closedAt: new Date() });
      await tx.insert(units).values([
        { tenantId, kind: 'team', code: 'T1', name: 'Équipe PMI' },
        { tenantId, kind: 'team', code: 'T2', name: 'Équipe PMI' },
      ]);
      await tx.insert(sites).values({ tenantId, unitId, kind: 'permanence', name: 'Mairie de Cavan', city: 'Cavan' });
    });
    await database.tenant(otherTenantId, (tx) => tx.insert(units).values({ tenantId: otherTenantId, kind: 'team', code: 'FOREIGN', name: 'Ailleurs' }));
  });
  after(() => database.close());

  const rec = (line: number, fields: Partial<DirectoryRecord>): DirectoryRecord => ({
    line,
    email: `agent${line}@cd22.fr`,
    firstName: 'Anne',
    lastName: `Le Goff ${line}`,
    component: 'Médico-social et PMI',
    ...fields,
  });

  it('checks without writing, then applies, then a second apply changes nothing', async () => {
    const records = [
      rec(2, { unit: 'ut-lan', site: 'mairie de cavan', roles: ['agent', 'Encadrant'], externalId: 'M002', professionalPhone: '02 96 01 02 03' }),
      rec(3, { unit: 'Unité territoriale de LANNION', component: 'insertion' }),
    ];
    const check = await applyDirectoryRecords(database, tenantId, records, { actor: cli, mode: 'check' });
    assert.deepEqual({ ...check, agentIds: undefined }, {
      mode: 'check', applied: false, records: 2, created: 2, updated: 0, unchanged: 0, refused: [],
      summary: 'Vérification réussie, rien n’a été importé : 2 créés, 0 modifié, 0 inchangé à l’import.', agentIds: undefined,
    });
    assert.equal(await byEmail('agent2@cd22.fr'), undefined);

    const applied = await applyDirectoryRecords(database, tenantId, records, { actor: cli, mode: 'apply' });
    assert.equal(applied.applied, true);
    assert.equal(applied.summary, '2 créés, 0 modifié, 0 inchangé');
    const a2 = await byEmail('agent2@cd22.fr');
    assert.equal(a2?.unitId, unitId);
    assert.ok(a2?.siteId);
    assert.deepEqual(a2?.roles, ['agent', 'manager']);
    assert.equal(a2?.component, 'medico_social');
    assert.equal(a2?.externalId, 'M002');
    assert.equal((await byEmail('agent3@cd22.fr'))?.component, 'insertion');
    assert.deepEqual((await byEmail('agent3@cd22.fr'))?.roles, ['agent']);
    const events = await database.tenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'agent.created'), eq(auditEvents.targetId, a2!.id))));
    assert.equal(events.length, 1);
    assert.equal((events[0]!.data as { source: string }).source, 'import');

    const again = await applyDirectoryRecords(database, tenantId, records, { actor: cli, mode: 'apply' });
    assert.equal(again.summary, '0 créé, 0 modifié, 2 inchangés');
  });

  it('matches by external id before e-mail, changes what the record gives and keeps what it leaves out', async () => {
    const res = await applyDirectoryRecords(
      database,
      tenantId,
      [{ line: 2, externalId: 'M002', email: 'anne.legoff@cd22.fr', firstName: 'Anne-Marie', component: 'medico_social' }],
      { actor: cli, mode: 'apply' },
    );
    assert.equal(res.summary, '0 créé, 1 modifié, 0 inchangé');
    const a = await byEmail('anne.legoff@cd22.fr');
    assert.equal(a?.firstName, 'Anne-Marie');
    assert.equal(a?.lastName, 'Le Goff 2');
    assert.equal(a?.unitId, unitId);
    const [event] = await database.tenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'agent.updated'), eq(auditEvents.targetId, a!.id))));
    assert.deepEqual((event!.data as { changes: object }).changes, {
      email: { before: 'agent2@cd22.fr', after: 'anne.legoff@cd22.fr' },
      firstName: { before: 'Anne', after: 'Anne-Marie' },
    });
  });

  it('refuses each faulty line with its field, and writes nothing', async () => {
    const before = (await agentsOf(tenantId)).length;
    const res = await applyDirectoryRecords(
      database,
      tenantId,
      [
        rec(2, {}),
        rec(3, { email: 'pas-une-adresse' }),
        rec(4, { email: 'AGENT2@cd22.fr' }),
        rec(5, { unit: 'Inconnue' }),
        rec(6, { unit: 'OLD' }),
        rec(7, { unit: 'Équipe PMI' }),
        rec(8, { unit: 'FOREIGN' }),
        rec(9, { component: 'cuisine' }),
        rec(10, { roles: ['admin'] }),
        rec(11, { roles: ['chef'] }),
        rec(12, { site: 'Nulle part' }),
        rec(13, { firstName: '' }),
        rec(14, { externalId: 'M100' }),
        rec(15, { externalId: 'M100' }),
        rec(16, { email: 'admin@cd22.fr', externalId: 'M002' }),
      ],
      { actor: cli, mode: 'apply', fieldLabels: { email: 'courriel', unit: 'unite' } },
    );
    assert.equal(res.applied, false);
    const byLine = new Map(res.refused.map((r) => [r.line, r]));
    assert.equal(byLine.has(2), false);
    assert.equal(byLine.get(3)?.field, 'courriel');
    assert.match(byLine.get(4)!.reason, /déjà à la ligne 2/);
    assert.match(byLine.get(5)!.reason, /Unité inconnue/);
    assert.equal(byLine.get(5)?.field, 'unite');
    assert.match(byLine.get(6)!.reason, /fermée/);
    assert.match(byLine.get(7)!.reason, /Plusieurs unités.*T1, T2/);
    assert.match(byLine.get(8)!.reason, /Unité inconnue/);
    assert.match(byLine.get(9)!.reason, /Pôle inconnu/);
    assert.match(byLine.get(10)!.reason, /se donne dans Estran/);
    assert.match(byLine.get(11)!.reason, /Rôle inconnu/);
    assert.match(byLine.get(12)!.reason, /Site inconnu/);
    assert.match(byLine.get(13)!.reason, /Prénom obligatoire/);
    assert.match(byLine.get(15)!.reason, /déjà à la ligne 14/);
    assert.match(byLine.get(16)!.reason, /déjà celle d’un autre agent/);
    assert.match(res.summary, /rien n’a été importé/);
    assert.equal((await agentsOf(tenantId)).length, before);
  });

  it('keeps privileged roles and refuses a change of one’s own roles', async () => {
    const own = await applyDirectoryRecords(database, tenantId, [rec(2, { email: 'admin@cd22.fr', roles: ['manager'] })], {
      actor: { type: 'agent', id: adminId },
      mode: 'apply',
    });
    assert.match(own.refused[0]!.reason, /propres rôles/);
    const byOther = await applyDirectoryRecords(database, tenantId, [rec(2, { email: 'admin@cd22.fr', roles: ['manager'] })], { actor: cli, mode: 'apply' });
    assert.equal(byOther.updated, 1);
    assert.deepEqual((await byEmail('admin@cd22.fr'))?.roles, ['manager', 'admin']);
  });

  it('sees only its tenant, and refuses an e-mail another tenant has (a login belongs to one tenant)', async () => {
    const taken = await applyDirectoryRecords(database, otherTenantId, [rec(2, { email: 'agent3@cd22.fr' }), rec(4, { unit: 'UT-LAN' })], { actor: cli, mode: 'apply' });
    assert.deepEqual(
      taken.refused.map((r) => [r.line, r.field]),
      [[2, 'email'], [4, 'unit']],
    );
    assert.match(taken.refused[0]!.reason, /autre collectivité/);
    const res = await applyDirectoryRecords(database, otherTenantId, [rec(2, { email: 'agent2@cd22.fr', unit: 'FOREIGN' })], { actor: cli, mode: 'apply' });
    assert.equal(res.created, 1);
    assert.equal((await agentsOf(otherTenantId)).length, 1);
    assert.equal((await agentsOf(tenantId)).filter((a) => a.email === 'agent3@cd22.fr').length, 1);
  });
});
