// Files of units (a `code` column, no e-mail column) and of sites (a `city` column, neither)
// through the same upload as agents: units created parents first whatever the file's
// order, changed, unchanged on a second import; refused with their line: a code twice, an
// unknown kind or parent, a closed unit, a loop. Sites matched by name (and unit).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, sites, units } from '../../db/schema.ts';

type Report = { applied: boolean; created: number; updated: number; unchanged: number; refused: { line?: number; field?: string; reason: string }[]; summary: string };

describe('directory import of a units file', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let admin: { cookie: string; csrfToken: string };

  before(async () => {
    ({ app, database, close } = await createTestApp());
    tenantId = (await makeTenant(database)).id;
    admin = await makeSession(database, tenantId, (await makeAgent(database, tenantId, { roles: ['agent', 'admin'] })).id);
    await database.tenant(tenantId, (tx) => tx.insert(units).values({ tenantId, kind: 'team', code: 'OLD', name: 'Équipe fermée', closedAt: new Date() }));
  });
  after(async () => close());

  const send = async (lines: string[], mode: 'check' | 'apply' = 'apply') => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/admin/directory/import?mode=${mode}`,
      payload: Buffer.from(`${lines.join('\n')}\n`),
      headers: { 'content-type': 'text/csv', origin: TEST_ORIGIN, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Report;
  };
  const tree = async () => {
    const rows = await database.tenant(tenantId, (tx) => tx.select().from(units));
    const code = new Map(rows.map((u) => [u.id, u.code]));
    return Object.fromEntries(rows.map((u) => [u.code, { name: u.name, kind: u.kind, parent: u.parentId ? code.get(u.parentId) : null }]));
  };

  it('creates parents first, whatever the order of the file, then changes nothing on a second import', async () => {
    const file = ['Code;Nom;Type;Unité parente', 'UT-LAN;Unité territoriale de Lannion;Unité territoriale;DS', 'DS;Direction des solidarités;direction;', 'EQ-PMI;Équipe PMI;Équipe;UT-LAN'];
    const checked = await send(file, 'check');
    assert.deepEqual([checked.applied, checked.created, checked.refused.length], [false, 3, 0]);
    assert.equal((await send(file)).summary, '3 créées, 0 modifiée, 0 inchangée');
    const t = await tree();
    assert.deepEqual(t['UT-LAN'], { name: 'Unité territoriale de Lannion', kind: 'territorial', parent: 'DS' });
    assert.deepEqual(t['EQ-PMI'], { name: 'Équipe PMI', kind: 'team', parent: 'UT-LAN' });
    assert.equal(t.DS!.parent, null);
    assert.equal((await send(file)).summary, '0 créée, 0 modifiée, 3 inchangées');

    // Renamed and moved to the root; a column left out (kind) keeps the value.
    const changed = await send(['code;name;parent', 'EQ-PMI;Équipe PMI de Lannion;']);
    assert.equal(changed.summary, '0 créée, 1 modifiée, 0 inchangée');
    assert.deepEqual((await tree())['EQ-PMI'], { name: 'Équipe PMI de Lannion', kind: 'team', parent: null });
    const [event] = await database.tenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'unit.updated'), eq(auditEvents.targetType, 'unit'))),
    );
    assert.deepEqual(Object.keys((event!.data as { changes: object }).changes).sort(), ['name', 'parentId']);

    // Agents then name the imported units by code.
    const agents = await send(['courriel;prenom;nom;pole;unite', 'a@cd22.fr;Anne;Le Goff;insertion;EQ-PMI']);
    assert.equal(agents.summary, '1 créé, 0 modifié, 0 inchangé');
  });

  it('refuses each faulty line, and writes nothing', async () => {
    const before = await tree();
    const r = await send([
      'code;nom;type;parent',
      'N1;Nouvelle;équipe;', // 2: fine
      'N1;Encore;équipe;', // 3: the code again
      'N2;Deux;cuisine;', // 4: unknown kind
      'N3;Trois;team;NULLE', // 5: unknown parent
      'OLD;Rouverte;team;', // 6: closed
      'N4;Quatre;team;OLD', // 7: closed parent
      'DS;Direction des solidarités;direction;UT-LAN', // 8: a loop (UT-LAN is under DS)
      'N5;;team;', // 9: no name for a new unit
    ]);
    assert.equal(r.applied, false);
    assert.deepEqual(
      r.refused.map((x) => [x.line, x.field]),
      [[3, 'code'], [4, 'type'], [4, 'type'], [5, 'parent'], [6, 'code'], [7, 'parent'], [8, 'parent'], [9, 'nom']],
    );
    assert.match(r.refused.find((x) => x.line === 8)!.reason, /Boucle/);
    assert.deepEqual(await tree(), before);
  });

  it('imports sites: matched by name, placed in a unit by its code or name, refused with their line', async () => {
    const file = ['Nom;Type;Unité;Adresse;Code postal;Ville', 'Mairie de Cavan;Lieu de permanence;UT-LAN;1 place de la Mairie;22140;Cavan', 'Télécentre de Lannion;telecentre;Unité territoriale de Lannion;;;Lannion'];
    assert.equal((await send(file)).summary, '2 créés, 0 modifié, 0 inchangé');
    assert.equal((await send(file)).summary, '0 créé, 0 modifié, 2 inchangés');
    const moved = await send(['nom;ville;code_postal', 'mairie de cavan;Cavan;22141']);
    assert.equal(moved.summary, '0 créé, 1 modifié, 0 inchangé');
    const cavan = (await database.tenant(tenantId, (tx) => tx.select().from(sites))).find((x) => x.name.toLowerCase() === 'mairie de cavan');
    assert.deepEqual([cavan?.kind, cavan?.postalCode, cavan?.street, cavan?.city], ['permanence', '22141', '1 place de la Mairie', 'Cavan']);
    const bad = await send(['nom;type;unite;code_postal;ville', 'Nouveau;bureau;NULLE;;Lannion', 'Autre;piscine;;2214;Lannion', 'Mairie de Cavan;;OLD;;Cavan']);
    assert.deepEqual(
      bad.refused.map((x) => [x.line, x.field]),
      [[2, 'unite'], [3, 'code_postal'], [3, 'type'], [3, 'type'], [4, 'unite']],
    );
  });
});
