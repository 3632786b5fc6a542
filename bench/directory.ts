// The directory's bulk imports (issue 17). CSV part: importing N agents (10,000 by
// default) from a CSV file through the same path as `estran directory import` and the
// admin upload (features/directory importDirectoryFile: parse, check every line against
// the tenant's directory, write all or nothing with one audit event per agent), on the
// embedded database in a data folder: a check, the apply, and the same file again
// (nothing to change). Baseline measured in the same run: a bare PGlite `COPY` of the same
// rows into a scratch table (no checks, no audit, no index). Goal: CSV ≤ 10 s.
// LDAP part: syncing N agents from a real OpenLDAP (Debian's slapd, server/test/slapd.ts,
// a generated tree with units and groups) through the same path as « Synchroniser
// maintenant » (a run queued as a pg-boss job, the worker's search, checks, writes, report),
// then again (nothing to change). Baseline in the same run: a bare ldapts bind + paged search
// of the same tree for the same attributes. Goal: LDAP sync ≤ 30 s.
// The same on a PostgreSQL server (BENCH_DATABASE_URL, else DATABASE_URL, else the local
// one), beside the server's own COPY of the rows from a file.
//   npm run bench -- directory [--agents N] [--only pglite|postgres]
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../server/src/db/client.ts';
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

const { values } = parseArgs({ options: { agents: { type: 'string', default: '10000' }, only: { type: 'string' } } });
const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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

// ── Estran: importDirectoryFile on a fresh database (check, apply, the same file again).
async function importRun(database: Database): Promise<{ check: number; apply: number; again: number; summary: string }> {
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
  const check = await ms(async () => {
    const r = await run('check');
    if (r.refused.length) throw new Error(JSON.stringify(r.refused.slice(0, 3)));
  });
  const apply = await ms(async () => {
    const r = await run('apply');
    if (!r.applied || r.created !== count) throw new Error(r.summary);
  });
  const again = await ms(async () => {
    const r = await run('apply');
    summary = r.summary;
    if (r.unchanged !== count) throw new Error(r.summary);
  });
  return { check, apply, again, summary };
}
const SCRATCH = 'CREATE TABLE scratch (external_id text, email text, first_name text, last_name text, unit text, site text, component text, roles text, phone text, mobile text)';
const copyBody = Buffer.from(rows.join('\n'));

const dir = mkdtempSync(path.join(tmpdir(), 'estran-bench-directory-'));
const figures: Record<string, number> = { agents: count, csv_bytes: csv.length };
const table: Record<string, { ms: number }> = {};
try {
  if (values.only !== 'postgres') {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'estran') });
    const r = await importRun(database);
    await database.close();
    // Baseline: a bare COPY of the same rows into a scratch table, PGlite in a data folder.
    const bare = new PGlite(path.join(dir, 'bare'));
    await bare.exec(SCRATCH);
    const copy = await ms(() => bare.query("COPY scratch FROM '/dev/blob' WITH (FORMAT csv, DELIMITER ';')", [], { blob: new Blob([copyBody]) }));
    const copied = await bare.query<{ n: number }>('SELECT count(*)::int AS n FROM scratch');
    if (copied.rows[0]!.n !== count) throw new Error(`COPY gave ${copied.rows[0]!.n} rows`);
    await bare.close();
    Object.assign(figures, {
      csv_check_ms_pglite: Math.round(r.check),
      csv_import_ms_pglite: Math.round(r.apply),
      csv_reimport_unchanged_ms_pglite: Math.round(r.again),
      copy_ms_pglite: Math.round(copy),
      import_per_copy_ratio_pglite: Number((r.apply / copy).toFixed(1)),
    });
    table['PGlite: check (parse + every line checked, nothing written)'] = { ms: Math.round(r.check) };
    table['PGlite: import (check + write all or nothing + audit per agent)'] = { ms: Math.round(r.apply) };
    table[`PGlite: same file again (${r.summary})`] = { ms: Math.round(r.again) };
    table['PGlite baseline: bare COPY of the same rows'] = { ms: Math.round(copy) };
  }
  if (values.only !== 'pglite') {
    const name = `estran_bench_directory_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgBase);
    url.pathname = `/${name}`;
    try {
      const database = await openDatabase({ kind: 'postgres', url: url.toString() });
      const r = await importRun(database);
      await database.close();
      // Baseline: the server's own COPY of the same rows from a file (the superuser reads it).
      const file = path.join(dir, 'rows.csv');
      writeFileSync(file, copyBody, { mode: 0o644 });
      chmodSync(dir, 0o755);
      const bare = new pg.Client({ connectionString: url.toString() });
      await bare.connect();
      await bare.query(SCRATCH);
      const copy = await ms(() => bare.query(`COPY scratch FROM '${file}' WITH (FORMAT csv, DELIMITER ';')`));
      await bare.end();
      Object.assign(figures, {
        csv_check_ms_postgres: Math.round(r.check),
        csv_import_ms_postgres: Math.round(r.apply),
        csv_reimport_unchanged_ms_postgres: Math.round(r.again),
        copy_ms_postgres: Math.round(copy),
        import_per_copy_ratio_postgres: Number((r.apply / copy).toFixed(1)),
      });
      table['PostgreSQL: check'] = { ms: Math.round(r.check) };
      table['PostgreSQL: import'] = { ms: Math.round(r.apply) };
      table['PostgreSQL: same file again'] = { ms: Math.round(r.again) };
      table['PostgreSQL baseline: bare COPY of the same rows'] = { ms: Math.round(copy) };
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  figures.csv_import_goal_ms = 10_000;
  console.log(`Directory import from CSV: ${count.toLocaleString('fr-FR')} agents (${(csv.length / 1024).toFixed(0)} KiB); load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
  console.table(table);
  figures.load_average_1min = Number(loadavg()[0]!.toFixed(1));
  for (const db of ['pglite', 'postgres']) {
    const t = figures[`csv_import_ms_${db}`];
    if (t !== undefined) console.log(`${db}: import / COPY ${figures[`import_per_copy_ratio_${db}`]} ×; goal ≤ 10 s: ${t <= 10_000 ? 'tenu' : 'MANQUÉ'}`);
  }

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
