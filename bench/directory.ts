// The directory's bulk imports (issue 17). CSV part: importing N agents (10,000 by
// default) from a CSV file through the same path as `estran directory import` and the
// admin upload (features/directory importDirectoryFile: parse, check every line against
// the tenant's directory, write all or nothing with one audit event per agent), on the
// embedded database in a data folder — a check, the apply, and the same file again
// (nothing to change). Baseline measured in the same run: a bare PGlite `COPY` of the same
// rows into a scratch table (no checks, no audit, no index). Goal: CSV ≤ 10 s.
// LDAP part: syncing N agents from a real OpenLDAP (Debian's slapd, server/test/slapd.ts,
// a generated tree with units and groups) through the same path as « Synchroniser
// maintenant » (a run queued as a pg-boss job, the worker's search, checks, writes, report),
// then again (nothing to change). Baseline in the same run: a bare ldapts bind + paged search
// of the same tree for the same attributes. Goal: LDAP sync ≤ 30 s.
//   npm run bench -- directory [--agents N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../server/src/db/client.ts';
import { sites, tenants, units } from '../server/src/db/schema.ts';
import { importDirectoryFile } from '../server/src/features/directory/index.ts';
import { Client } from 'ldapts';
import { updateLdapConfig } from '../server/src/features/directory/ldap-config.ts';
import { readLdapRun, requestLdapSync } from '../server/src/features/directory/ldap-runs.ts';
import { mappedAttributes } from '../server/src/features/directory/ldap-search.ts';
import { JobRunner } from '../server/src/platform/jobs.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { SecretKeyring } from '../server/src/platform/secrets.ts';
import { generateTree, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_PEOPLE_DN, startSlapd } from '../server/test/slapd.ts';

const { values } = parseArgs({ options: { agents: { type: 'string', default: '10000' } } });
const count = Number(values.agents);
if (!Number.isInteger(count) || count < 1 || count > 50_000) throw new Error('--agents: an integer from 1 to 50000');

// ── The file: a département's agents as a spreadsheet exports them (';', French headers).
const UNITS = Array.from({ length: 12 }, (_, i) => ({ code: `UT-${String(i + 1).padStart(2, '0')}`, name: `Unité territoriale ${i + 1}` }));
const COMPONENTS = ['Administration', 'Médico-social et PMI', 'Aide sociale à l’enfance', 'Insertion', 'Action sociale généraliste'];
const header = 'matricule;courriel;prenom;nom;unite;site;pole;roles;telephone;mobile';
const rows = Array.from({ length: count }, (_, i) => {
  const unit = UNITS[i % UNITS.length]!;
  return [
    `M${String(i).padStart(6, '0')}`,
    `agent.${i}@cd22.fr`,
    ['Anne', 'Yann', 'Gwenaëlle', 'Loïc', 'Nolwenn', 'Erwan'][i % 6],
    `Le Goff ${i}`,
    unit.code,
    `Permanence ${unit.name}`,
    COMPONENTS[i % COMPONENTS.length],
    i % 10 === 0 ? 'agent|encadrant' : 'agent',
    `02 96 ${String(i % 100).padStart(2, '0')} 00 00`,
    i % 3 === 0 ? `06 12 ${String(i % 100).padStart(2, '0')} 00 00` : '',
  ].join(';');
});
const csv = Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`);

const ms = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

// ── Estran: importDirectoryFile on a fresh embedded database.
const dir = mkdtempSync(path.join(tmpdir(), 'estran-bench-directory-'));
const figures: Record<string, number> = { agents: count, csv_bytes: csv.length };
try {
  const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'estran') });
  const [tenant] = await database.operator((tx) => tx.insert(tenants).values({ slug: 'cd22', name: 'Département des Côtes-d’Armor', kind: 'departement' }).returning());
  const tenantId = tenant!.id;
  await database.tenant(tenantId, async (tx) => {
    for (const u of UNITS) {
      const [row] = await tx.insert(units).values({ tenantId, kind: 'territorial', code: u.code, name: u.name }).returning();
      await tx.insert(sites).values({ tenantId, unitId: row!.id, kind: 'permanence', name: `Permanence ${u.name}`, city: 'Saint-Brieuc' });
    }
  });
  const run = (mode: 'check' | 'apply') => importDirectoryFile(database, { tenantId, file: csv, mode, actor: { type: 'cli' } });

  let summary = '';
  figures.csv_check_ms_pglite = await ms(async () => {
    const r = await run('check');
    if (r.refused.length) throw new Error(JSON.stringify(r.refused.slice(0, 3)));
  });
  figures.csv_import_ms_pglite = await ms(async () => {
    const r = await run('apply');
    if (!r.applied || r.created !== count) throw new Error(r.summary);
  });
  figures.csv_reimport_unchanged_ms_pglite = await ms(async () => {
    const r = await run('apply');
    summary = r.summary;
    if (r.unchanged !== count) throw new Error(r.summary);
  });
  await database.close();

  // ── Baseline: a bare COPY of the same rows into a scratch table, PGlite in a data folder.
  const bare = new PGlite(path.join(dir, 'bare'));
  await bare.exec(
    'CREATE TABLE scratch (external_id text, email text, first_name text, last_name text, unit text, site text, component text, roles text, phone text, mobile text)',
  );
  const body = Buffer.from(rows.join('\n'));
  figures.copy_ms_pglite = await ms(() => bare.query("COPY scratch FROM '/dev/blob' WITH (FORMAT csv, DELIMITER ';')", [], { blob: new Blob([body]) }));
  const copied = await bare.query<{ n: number }>('SELECT count(*)::int AS n FROM scratch');
  if (copied.rows[0]!.n !== count) throw new Error(`COPY gave ${copied.rows[0]!.n} rows`);
  await bare.close();

  figures.import_per_copy_ratio = Number((figures.csv_import_ms_pglite / figures.copy_ms_pglite).toFixed(1));
  figures.csv_import_goal_ms = 10_000;

  console.log(`Directory import from CSV: ${count.toLocaleString('fr-FR')} agents (${(csv.length / 1024).toFixed(0)} KiB), embedded PGlite in a data folder`);
  console.table({
    'check (parse + every line checked, nothing written)': { ms: Math.round(figures.csv_check_ms_pglite) },
    'import (check + write all or nothing + audit per agent)': { ms: Math.round(figures.csv_import_ms_pglite) },
    [`same file again (${summary})`]: { ms: Math.round(figures.csv_reimport_unchanged_ms_pglite) },
    'baseline: bare COPY of the same rows into a scratch table': { ms: Math.round(figures.copy_ms_pglite) },
  });
  for (const k of Object.keys(figures)) if (k.endsWith('_ms_pglite')) figures[k] = Math.round(figures[k]!);
  console.log(`Import / COPY: ${figures.import_per_copy_ratio} ×; goal ≤ 10 s: ${figures.csv_import_ms_pglite <= 10_000 ? 'tenu' : 'MANQUÉ'}`);

  // ── LDAP: the same number of agents from slapd, through the sync's own path.
  const tree = generateTree(count);
  const slapd = await startSlapd(tree);
  try {
    const ldapDb = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'estran-ldap') });
    const [t] = await ldapDb.operator((tx) => tx.insert(tenants).values({ slug: 'cd29', name: 'Département du Finistère', kind: 'departement' }).returning());
    const ldapTenant = t!.id;
    await ldapDb.tenant(ldapTenant, async (tx) => {
      for (const [i, name] of tree.units.entries()) await tx.insert(units).values({ tenantId: ldapTenant, kind: 'territorial', code: `U-${i}`, name });
    });
    const logger = createLogger('silent');
    const deps = { database: ldapDb, secrets: SecretKeyring.ephemeral(), jobs: new JobRunner(ldapDb, logger), logger };
    const actor = { type: 'cli' } as const;
    const mapping = {
      externalId: 'uid',
      firstName: 'givenName',
      lastName: 'sn',
      email: 'mail',
      professionalPhone: 'telephoneNumber',
      mobilePhone: 'mobile',
      unit: 'departmentNumber',
      component: null,
      defaultComponent: 'general_social_work' as const,
      groups: 'memberOf',
      groupRoles: [{ group: 'encadrants', role: 'manager' as const }],
    };
    await updateLdapConfig(deps, {
      tenantId: ldapTenant,
      actor,
      config: { url: slapd.url, bindDn: LDAP_BIND_DN, bindPassword: LDAP_BIND_PASSWORD, baseDn: LDAP_PEOPLE_DN, filter: '(objectClass=inetOrgPerson)', tls: 'none', caCertificate: null, schedule: 'off', mapping },
    });
    const syncOnce = async () => {
      const { runId } = await requestLdapSync(deps, { tenantId: ldapTenant, actor });
      for (;;) {
        const r = await readLdapRun(ldapDb, ldapTenant, runId);
        if (r.status !== 'queued' && r.status !== 'running') return r;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    // Baseline first (it also warms slapd's cache for both).
    let found = 0;
    figures.ldap_search_ms = await ms(async () => {
      const client = new Client({ url: slapd.url });
      await client.bind(LDAP_BIND_DN, LDAP_BIND_PASSWORD);
      const { searchEntries } = await client.search(LDAP_PEOPLE_DN, { scope: 'sub', filter: '(objectClass=inetOrgPerson)', attributes: mappedAttributes(mapping), paged: { pageSize: 500 } });
      found = searchEntries.length;
      await client.unbind();
    });
    if (found !== count) throw new Error(`ldapts found ${found} entries`);
    let first: Awaited<ReturnType<typeof syncOnce>> | undefined;
    figures.ldap_sync_ms_pglite = await ms(async () => {
      first = await syncOnce();
    });
    if (first!.status !== 'succeeded' || first!.created !== count) throw new Error(first!.summary);
    let again: Awaited<ReturnType<typeof syncOnce>> | undefined;
    figures.ldap_resync_unchanged_ms_pglite = await ms(async () => {
      again = await syncOnce();
    });
    if (again!.status !== 'succeeded' || again!.unchanged !== count) throw new Error(again!.summary);
    await deps.jobs.stop();
    await ldapDb.close();
    for (const k of ['ldap_search_ms', 'ldap_sync_ms_pglite', 'ldap_resync_unchanged_ms_pglite']) figures[k] = Math.round(figures[k]!);
    figures.ldap_sync_per_search_ratio = Number((figures.ldap_sync_ms_pglite! / figures.ldap_search_ms!).toFixed(1));
    figures.ldap_sync_goal_ms = 30_000;
    console.log(`\nDirectory sync from LDAP: ${count.toLocaleString('fr-FR')} agents from slapd (${tree.units.length} units, groups), embedded PGlite in a data folder`);
    console.table({
      'sync (queued job: search, checks, write all, audit per agent, report)': { ms: figures.ldap_sync_ms_pglite },
      [`sync again (${again!.summary})`]: { ms: figures.ldap_resync_unchanged_ms_pglite },
      'baseline: bare ldapts bind + paged search of the same tree': { ms: figures.ldap_search_ms },
    });
    console.log(`Sync / search: ${figures.ldap_sync_per_search_ratio} ×; goal ≤ 30 s: ${figures.ldap_sync_ms_pglite! <= 30_000 ? 'tenu' : 'MANQUÉ'}`);
  } finally {
    await slapd.stop();
  }
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
