// The directory import from a file (issue 17, "Bulk import"), over real HTTP and the real
// database: POST /api/admin/directory/import?mode=check|apply with CSV (`;` and `,`,
// UTF-8 with and without BOM, Windows-1252, French headers) and ODS bodies generated here;
// every refusal of the file with its line; 50,000 lines accepted and 50,001 refused; who
// may call; and `estran directory import` (exit 0 / 65, --dry-run writes nothing).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Zip, ZipDeflate, ZipPassThrough, zipSync, strToU8 } from 'fflate';
import { limits } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../../test/index.ts';
import { runCommand } from '../../cli/commands.ts';
import type { CommandOutput } from '../../cli/output.ts';
import type { Database } from '../../db/client.ts';
import { agents, sites, units } from '../../db/schema.ts';
import { exitCodes } from '../../platform/exit-codes.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { parseOds } from './parse-ods.ts';

type Who = { cookie: string; csrfToken: string };
type Report = { mode: string; applied: boolean; records: number; created: number; updated: number; unchanged: number; refused: { line?: number; field?: string; reason: string }[]; summary: string };

const HEADER = 'email;first_name;last_name;unit;site;component;roles;phone;mobile;external_id';
const line = (i: number, extra: Partial<Record<'unit' | 'site' | 'roles' | 'component', string>> = {}) =>
  [`agent${i}@cd22.fr`, 'Anne', `Le Goff ${i}`, extra.unit ?? 'UT-LAN', extra.site ?? '', extra.component ?? 'insertion', extra.roles ?? 'agent', '02 96 00 00 00', '', `M${i}`].join(';');
const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);

/** An ODS holding one sheet of `rows` (the mimetype entry first and stored, as ODF requires), `extraXml` appended inside the table. */
function ods(rows: string[][], extraXml = ''): Buffer {
  const cell = (v: string) => (v === '' ? '<table:table-cell/>' : `<table:table-cell office:value-type="string"><text:p>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text:p></table:table-cell>`);
  const content =
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">' +
    '<office:body><office:spreadsheet><table:table table:name="Agents">' +
    rows.map((r) => `<table:table-row>${r.map(cell).join('')}<table:table-cell table:number-columns-repeated="1014"/></table:table-row>`).join('') +
    extraXml +
    '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>' +
    '</table:table><table:table table:name="Autre"><table:table-row><table:table-cell><text:p>ignorée</text:p></table:table-cell></table:table-row></table:table>' +
    '</office:spreadsheet></office:body></office:document-content>';
  return Buffer.from(zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8(content) }));
}

describe('directory import from a file (admin API and CLI)', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let tenantId: string;
  let tenantSlug: string;
  let otherTenantId: string;
  let admin: Who;
  let agent: Who;
  let otherAdmin: Who;

  before(async () => {
    ({ app, database, close } = await createTestApp());
    const t = await makeTenant(database);
    tenantId = t.id;
    tenantSlug = t.slug;
    admin = await makeSession(database, tenantId, (await makeAgent(database, tenantId, { roles: ['agent', 'admin'] })).id);
    agent = await makeSession(database, tenantId, (await makeAgent(database, tenantId)).id);
    await database.tenant(tenantId, async (tx) => {
      const [u] = await tx.insert(units).values({ tenantId, kind: 'territorial', code: 'UT-LAN', name: 'Unité territoriale de Lannion' }).returning();
      await tx.insert(sites).values({ tenantId, unitId: u!.id, kind: 'permanence', name: 'Mairie de Cavan', city: 'Cavan' });
    });
    otherTenantId = (await makeTenant(database)).id;
    otherAdmin = await makeSession(database, otherTenantId, (await makeAgent(database, otherTenantId, { roles: ['agent', 'admin'] })).id);
  });
  after(async () => close());

  const upload = (file: Buffer, who: Who | null, mode: 'check' | 'apply' = 'check', contentType = 'text/csv') =>
    app.inject({
      method: 'POST',
      url: `/api/admin/directory/import?mode=${mode}`,
      payload: file,
      headers: { 'content-type': contentType, origin: TEST_ORIGIN, ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}) },
    });
  const report = async (file: Buffer, mode: 'check' | 'apply' = 'check', who: Who = admin, contentType = 'text/csv') => {
    const res = await upload(file, who, mode, contentType);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Report;
  };
  const agentsOf = (t: string) => database.tenant(t, (tx) => tx.select().from(agents));
  const refusalsAt = (r: Report) => r.refused.map((x) => [x.line, x.field ?? null]);

  it('refuses every caller but an administrator’s session with its CSRF token', async () => {
    const file = csv(HEADER, line(1));
    assert.equal((await upload(file, null)).statusCode, 401);
    assert.equal((await upload(file, agent)).statusCode, 403, 'an agent who is not an admin');
    const csrf = await upload(file, { cookie: admin.cookie, csrfToken: 'faux' });
    assert.equal(csrf.statusCode, 403);
    assert.equal(csrf.json().error, 'csrf_failed');
    assert.equal((await upload(file, admin, 'check', 'image/png')).statusCode, 415);
    assert.equal((await agentsOf(tenantId)).length, 2);
  });

  it('checks, applies, and a second import of the same file changes nothing', async () => {
    const file = csv(HEADER, line(1, { site: 'Mairie de Cavan', roles: 'agent|manager' }), line(2), line(3, { component: 'Médico-social et PMI' }));
    const checked = await report(file);
    assert.deepEqual([checked.applied, checked.records, checked.created, checked.refused.length], [false, 3, 3, 0]);
    assert.equal((await agentsOf(tenantId)).length, 2, 'a check writes nothing');
    const applied = await report(file, 'apply');
    assert.equal(applied.applied, true);
    assert.equal(applied.summary, '3 créés, 0 modifié, 0 inchangé');
    const a1 = (await agentsOf(tenantId)).find((a) => a.email === 'agent1@cd22.fr');
    assert.deepEqual([a1?.roles, a1?.externalId, a1?.professionalPhone, a1?.mobilePhone], [['agent', 'manager'], 'M1', '02 96 00 00 00', null]);
    assert.ok(a1?.siteId);
    assert.equal((await report(file, 'apply')).summary, '0 créé, 0 modifié, 3 inchangés');
    const changed = await report(csv(HEADER, line(1, { site: 'Mairie de Cavan', roles: 'agent|manager' }), line(2, { component: 'child_welfare' }), line(3, { component: 'Médico-social et PMI' }), line(4)), 'apply');
    assert.equal(changed.summary, '1 créé, 1 modifié, 2 inchangés');
  });

  it('reads `,` and `;`, UTF-8 with a BOM, Windows-1252 and French headers in any order and case', async () => {
    const french = 'Matricule,COURRIEL,Prénom,Nom,Pôle,Unité,Téléphone';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${french}\nW1,w1@cd22.fr,Gaëlle,Le Bihan,Action sociale généraliste,Unité territoriale de Lannion,"02 96 01, poste 3"\n`)]);
    const r1 = await report(withBom, 'apply');
    assert.equal(r1.created, 1, JSON.stringify(r1.refused));
    const w1 = (await agentsOf(tenantId)).find((a) => a.email === 'w1@cd22.fr');
    assert.deepEqual([w1?.firstName, w1?.component, w1?.professionalPhone, w1?.externalId], ['Gaëlle', 'general_social_work', '02 96 01, poste 3', 'W1']);

    // Excel's "CSV (séparateur : point-virgule)" on a French Windows: Windows-1252, `;`.
    const cp1252 = Buffer.from('courriel;prenom;nom;pole\r\nw2@cd22.fr;J\xe9r\xf4me;L\xe9v\xeaque;insertion\r\n', 'latin1');
    const r2 = await report(cp1252, 'apply');
    assert.equal(r2.created, 1, JSON.stringify(r2.refused));
    const w2 = (await agentsOf(tenantId)).find((a) => a.email === 'w2@cd22.fr');
    assert.deepEqual([w2?.firstName, w2?.lastName], ['Jérôme', 'Lévêque']);
  });

  it('refuses a file with a wrong header at line 1, naming each column', async () => {
    const unknown = await report(csv('email;prenom;nom;pole;service;Email', 'x@cd22.fr;A;B;insertion;;'));
    assert.deepEqual(refusalsAt(unknown), [[1, 'service'], [1, 'Email']]);
    assert.match(unknown.refused[0]!.reason, /Colonne inconnue : « service »/);
    assert.match(unknown.refused[1]!.reason, /répète la colonne « email »/);
    const missing = await report(csv('email;nom', 'x@cd22.fr;B'));
    assert.deepEqual(refusalsAt(missing), [[1, 'first_name'], [1, 'component']]);
    assert.match(missing.refused[0]!.reason, /Colonne obligatoire absente : « first_name » \(ou « prenom »\)/);
    const empty = await report(Buffer.from(''));
    assert.match(empty.refused[0]!.reason, /vide/);
    const quote = await upload(csv(HEADER, '"agent@cd22.fr;A'), admin);
    assert.equal(quote.statusCode, 400);
    assert.match(quote.json().message, /guillemet/);
  });

  it('refuses each faulty line by the number the spreadsheet shows, and applies nothing', async () => {
    const before = (await agentsOf(tenantId)).length;
    const file = csv(
      HEADER,
      line(10), // 2
      '', // 3: a blank line counts
      line(11).replace('agent11@cd22.fr', 'pas une adresse'), // 4
      line(12, { unit: 'Inconnue' }), // 5
      line(10).replace('M10', 'M13'), // 6: agent10@ again
      `"agent14@cd22.fr";"Anne";"Le Goff\n14";UT-LAN;;insertion;admin;;;M14`, // 7: two text lines, one row (and no line break in a name)
      line(15, { component: 'cuisine' }), // 8
    );
    const r = await report(file, 'apply');
    assert.equal(r.applied, false);
    assert.deepEqual(refusalsAt(r), [[4, 'email'], [5, 'unit'], [6, 'email'], [7, 'last_name'], [7, 'roles'], [8, 'component']]);
    assert.match(r.refused[2]!.reason, /figure déjà à la ligne 2/);
    assert.match(r.summary, /5 lignes refusées : rien n’a été importé/);
    assert.equal((await agentsOf(tenantId)).length, before, 'all or nothing');
  });

  it('keeps tenants apart: another tenant’s units are unknown, its e-mails taken', async () => {
    const r = await report(csv(HEADER, line(1, { unit: '' }), line(90)), 'apply', otherAdmin);
    assert.deepEqual(refusalsAt(r), [[2, 'email'], [3, 'unit']]);
    assert.match(r.refused[0]!.reason, /autre collectivité/);
    assert.equal((await agentsOf(otherTenantId)).length, 1);
  });

  it('reads an ODS: the first sheet, repeated and merged cells, annotations aside, line numbers kept', async () => {
    const file = ods(
      [
        ['Courriel', 'Prénom', 'Nom', 'Pôle', 'Unité', 'Matricule'],
        ['o1@cd22.fr', 'Loïc', 'Tanguy', 'Insertion', 'UT-LAN', 'O1'],
        [],
        ['o2@cd22.fr', 'Nolwenn', 'Riou', 'administration', '', 'O2'],
      ],
      '<table:table-row><table:table-cell office:value-type="string"><text:p>o3@cd22.fr</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>' +
        '<table:table-cell><text:p>Ana<text:s text:c="1"/>Lucia</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>insertion</text:p></table:table-cell></table:table-row>' +
        '<table:table-row><table:table-cell><text:p>o4@cd22.fr</text:p></table:table-cell><table:table-cell><text:p>Yann</text:p></table:table-cell><table:table-cell><text:p>Le Du</text:p></table:table-cell><table:table-cell><text:p>plomberie</text:p></table:table-cell></table:table-row>',
    );
    const r = await report(file, 'check', admin, 'application/vnd.oasis.opendocument.spreadsheet');
    // Row 5 (o3): its last name is under a merged cell, so empty; row 6 (o4): an unknown component.
    assert.deepEqual(refusalsAt(r), [[5, 'Nom'], [6, 'Pôle']]);
    const fixed = ods([
      ['Courriel', 'Prénom', 'Nom', 'Pôle', 'Unité', 'Matricule'],
      ['o1@cd22.fr', 'Loïc', 'Tanguy', 'Insertion', 'UT-LAN', 'O1'],
      [],
      ['o2@cd22.fr', 'Nolwenn', 'Riou', 'administration', '', 'O2'],
    ]);
    const applied = await report(fixed, 'apply', admin, 'application/octet-stream');
    assert.equal(applied.summary, '2 créés, 0 modifié, 0 inchangé');
    const o1 = (await agentsOf(tenantId)).find((a) => a.email === 'o1@cd22.fr');
    assert.deepEqual([o1?.firstName, o1?.component, o1?.externalId], ['Loïc', 'insertion', 'O1']);
  });

  it('refuses a zip that is not an ODS, and an ODS whose sheet inflates past the limit', async () => {
    const xlsx = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') }));
    const res = await upload(xlsx, admin, 'check', 'application/octet-stream');
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /xlsx/);

    // A sheet that inflates past the limit: declared in its header (refused before inflating),
    // or streamed with its sizes after the data (counted as it inflates: a lying or absent
    // header changes nothing). Here with a 1 MiB limit, to keep the test small.
    const MiB = 1024 * 1024;
    const open = '<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet><table:table><!--';
    const declared = Buffer.from(zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8(open + ' '.repeat(2 * MiB)) }));
    assert.throws(() => parseOds(declared, 10, MiB), (e: unknown) => e instanceof HttpError && e.status === 413);
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, data) => {
      if (error) throw error;
      chunks.push(data);
    });
    const mimetype = new ZipPassThrough('mimetype');
    zip.add(mimetype);
    mimetype.push(strToU8('application/vnd.oasis.opendocument.spreadsheet'), true);
    const content = new ZipDeflate('content.xml', { level: 1 });
    zip.add(content);
    content.push(strToU8(open));
    for (let i = 0; i < 2; i += 1) content.push(new Uint8Array(MiB).fill(0x20));
    content.push(strToU8('--></table:table></office:spreadsheet></office:body></office:document-content>'), true);
    zip.end();
    const streamed = Buffer.concat(chunks);
    assert.throws(() => parseOds(streamed, 10, MiB), (e: unknown) => e instanceof HttpError && e.status === 413);
    assert.deepEqual(parseOds(streamed, 10, 4 * MiB).rows, [], 'under the limit, the same file reads');
  });

  it(`accepts ${limits.directoryImportMaxLines} agent lines and refuses one more`, async () => {
    const lines = Array.from({ length: limits.directoryImportMaxLines }, (_, i) => `bulk${i}@cd22.fr;A;B${i};insertion`);
    const full = csv('email;prenom;nom;pole', ...lines);
    const ok = await report(full);
    assert.deepEqual([ok.records, ok.created, ok.refused.length], [limits.directoryImportMaxLines, limits.directoryImportMaxLines, 0]);
    const over = await report(csv('email;prenom;nom;pole', ...lines, 'one.more@cd22.fr;A;B;insertion'));
    assert.equal(over.refused.length, 1);
    assert.equal(over.refused[0]!.line, limits.directoryImportMaxLines + 2);
    assert.match(over.refused[0]!.reason, /50\u202f001 lignes d’agents : 50\u202f000 au plus/);
  });

  it('estran directory import: exit 0 when applied, 65 when a line is refused, --dry-run writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estran-h1-'));
    const good = path.join(dir, 'agents.csv');
    writeFileSync(good, csv(HEADER, line(30), line(31)));
    const bad = path.join(dir, 'faux.csv');
    writeFileSync(bad, csv(HEADER, line(32), line(33, { unit: 'Nulle part' })));
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const output: CommandOutput = { line: (s) => out.push(s), note: (s) => err.push(s), progress: () => {} };
      const code = await runCommand(['directory', 'import', ...args], { database, config: undefined as never, out: output });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const count = async () => (await agentsOf(tenantId)).length;
    const before = await count();

    const dry = await run(good, '--dry-run', '--tenant', tenantSlug);
    assert.equal(dry.code, exitCodes.ok, dry.err);
    assert.match(dry.out, /Vérification réussie, rien n’a été importé : 2 créés/);
    assert.equal(await count(), before);

    const refused = await run(bad, '--tenant', tenantSlug);
    assert.equal(refused.code, exitCodes.dataError);
    assert.match(refused.err, /^Ligne 3 \(unit\) : Unité inconnue : « Nulle part »/m);
    assert.match(refused.out, /1 ligne refusée : rien n’a été importé/);
    assert.equal(await count(), before);

    const applied = await run(good, '--tenant', tenantSlug);
    assert.equal(applied.code, exitCodes.ok, applied.err);
    assert.equal(applied.out, '2 créés, 0 modifié, 0 inchangé');
    assert.equal(await count(), before + 2);
    assert.equal((await run(good, '--tenant', tenantSlug)).out, '0 créé, 0 modifié, 2 inchangés');
    assert.equal((await run(path.join(dir, 'absent.csv'), '--tenant', tenantSlug)).code, exitCodes.usage);
  });
});
