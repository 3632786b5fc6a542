// The reference guide: import time of the base edition and of all bulletins; search
// latency p50/p95 on the server (PGlite and PostgreSQL); ranking quality as recall@5 on
// plain-French questions with known answers, beside plain PostgreSQL full-text search
// (to_tsvector('french'), ts_rank_cd) on the same questions in the same run: with
// plainto_tsquery (every word required) and with the same words joined by OR. Two sets
// of questions: bench/guide-questions.ts, on which the ranking's weights were tuned,
// and bench/guide-questions-heldout.ts, written before the tuning and never used for it.
//   npm run bench -- guide [--only pglite|postgres] [--rounds 20]
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../server/src/db/client.ts';
import { queryRows } from '../server/src/db/query-rows.ts';
import { ensureFirstTenant } from '../server/src/features/auth/index.ts';
import { importGuidePackage, searchGuide } from '../server/src/features/guide/index.ts';
import { questions } from './guide-questions.ts';
import { heldOutQuestions } from './guide-questions-heldout.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, rounds: { type: 'string', default: '20' } } });
const rounds = Number(values.rounds);
const root = path.resolve(import.meta.dirname, '..');
const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(root, '../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);
const edition = path.join(fixtures, 'guide/edition-2014-01-01');
const bulletins = readdirSync(path.join(fixtures, 'guide/updates')).sort().map((d) => path.join(fixtures, 'guide/updates', d));

// Realistic questions for latency: the ranking set plus numbers and short queries.
const latencyQueries = [...questions.map((x) => x.q), ...heldOutQuestions.map((x) => x.q), 'qui a droit au revenu de solidarite active', 'L262-2', 'article 371-1', 'RSA', 'mariage', 'domiciliation', 'allocations familiales', 'l 262 2', 'divorcer'];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function measure(label: string, database: Database) {
  const { tenantId } = await ensureFirstTenant(database, { tenantName: 'Banc', adminEmail: 'admin@banc.fr' });
  let t = performance.now();
  const base = await importGuidePackage(database, { folder: edition, guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
  const importBaseMs = performance.now() - t;
  if (base.outcome !== 'applied') throw new Error(`base import: ${base.outcome}`);
  t = performance.now();
  for (const b of bulletins) {
    const r = await importGuidePackage(database, { folder: b, guideSlug: 'guide', tenantId: null, actor: { type: 'cli' } });
    if (r.outcome !== 'applied') throw new Error(`${b}: ${r.outcome}`);
  }
  const importBulletinsMs = performance.now() - t;

  const at = '2015-09-01';
  t = performance.now();
  await searchGuide(database, { tenantId, q: 'mariage', at, limit: 10 }); // builds the in-memory index
  const indexBuildMs = performance.now() - t;
  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of latencyQueries) {
      const s = performance.now();
      await searchGuide(database, { tenantId, q, at, limit: 10 });
      latencies.push(performance.now() - s);
    }
  }

  // Ranking quality: ours and plain PostgreSQL full-text search, top 5.
  const plainTop5 = (q: string, joiner: 'and' | 'or') =>
    database.tenant(tenantId, (tx) => {
      const query = joiner === 'and' ? sql`plainto_tsquery('french', ${q})` : sql`nullif(replace(plainto_tsquery('french', ${q})::text, '&', '|'), '')::tsquery`;
      return queryRows<{ path: string }>(
        tx,
        sql`select path from guide_documents
            where kind = 'article' and valid_from <= ${at} and (valid_to is null or valid_to > ${at})
              and to_tsvector('french', heading || ' ' || body) @@ ${query}
            order by ts_rank_cd(to_tsvector('french', heading || ' ' || body), ${query}) desc
            limit 5`,
      );
    });
  const recallOf = async (set: typeof questions) => {
    let ours = 0;
    let and = 0;
    let or = 0;
    const misses: string[] = [];
    for (const { q, answers } of set) {
      const hits = (await searchGuide(database, { tenantId, q, at, limit: 5 })).results.map((h) => h.path);
      if (hits.some((h) => answers.includes(h))) ours += 1;
      else misses.push(q);
      if ((await plainTop5(q, 'and')).some((h) => answers.includes(h.path))) and += 1;
      if ((await plainTop5(q, 'or')).some((h) => answers.includes(h.path))) or += 1;
    }
    return { ours: ours / set.length, and: and / set.length, or: or / set.length, misses };
  };
  const tuned = await recallOf(questions);
  const heldOut = await recallOf(heldOutQuestions);
  const misses = [...tuned.misses, ...heldOut.misses.map((q) => `${q} (held out)`)];
  return {
    label,
    importBaseMs,
    importBulletinsMs,
    indexBuildMs,
    p50: pct(latencies, 0.5),
    p95: pct(latencies, 0.95),
    tuned,
    heldOut,
    misses,
  };
}

const results: Awaited<ReturnType<typeof measure>>[] = [];
if (values.only !== 'postgres') {
  const database = await openDatabase({ kind: 'pglite' });
  results.push(await measure('PGlite (embedded)', database));
  await database.close();
}
if (values.only !== 'pglite') {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `estran_bench_guide_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ kind: 'postgres', url: url.toString() });
    results.push(await measure('PostgreSQL server', database));
    await database.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

console.log(
  `Guide: base edition (4,258 files) and ${bulletins.length} bulletins; ${questions.length} questions the ranking was tuned on, ${heldOutQuestions.length} held out; ${latencyQueries.length * rounds} timed searches per database`,
);
console.table(
  Object.fromEntries(
    results.map((r) => [
      r.label,
      {
        'import base s': Number((r.importBaseMs / 1000).toFixed(2)),
        'import bulletins s': Number((r.importBulletinsMs / 1000).toFixed(2)),
        'index build ms': Math.round(r.indexBuildMs),
        'search p50 ms': Number(r.p50.toFixed(2)),
        'search p95 ms': Number(r.p95.toFixed(2)),
        'recall@5 (tuned set)': Number(r.tuned.ours.toFixed(2)),
        'FTS AND': Number(r.tuned.and.toFixed(2)),
        'FTS OR': Number(r.tuned.or.toFixed(2)),
        'recall@5 (held out)': Number(r.heldOut.ours.toFixed(2)),
        'FTS AND ': Number(r.heldOut.and.toFixed(2)),
        'FTS OR ': Number(r.heldOut.or.toFixed(2)),
      },
    ]),
  ),
);
for (const r of results) if (r.misses.length) console.log(`${r.label} — not in the top 5: ${r.misses.join(' | ')}`);
const figures: Record<string, number> = { questions_tuned: questions.length, questions_held_out: heldOutQuestions.length };
for (const r of results) {
  const k = r.label.startsWith('PGlite') ? 'pglite' : 'postgres';
  Object.assign(figures, {
    [`import_base_s_${k}`]: Number((r.importBaseMs / 1000).toFixed(2)),
    [`import_bulletins_s_${k}`]: Number((r.importBulletinsMs / 1000).toFixed(2)),
    [`search_p50_ms_${k}`]: Number(r.p50.toFixed(2)),
    [`search_p95_ms_${k}`]: Number(r.p95.toFixed(2)),
    [`recall_at_5_tuned_${k}`]: Number(r.tuned.ours.toFixed(3)),
    [`recall_at_5_tuned_fts_and_${k}`]: Number(r.tuned.and.toFixed(3)),
    [`recall_at_5_tuned_fts_or_${k}`]: Number(r.tuned.or.toFixed(3)),
    [`recall_at_5_held_out_${k}`]: Number(r.heldOut.ours.toFixed(3)),
    [`recall_at_5_held_out_fts_and_${k}`]: Number(r.heldOut.and.toFixed(3)),
    [`recall_at_5_held_out_fts_or_${k}`]: Number(r.heldOut.or.toFixed(3)),
  });
}
console.log(JSON.stringify(figures));
