// Unit and integration tests (node:test) beside the code (contracts, server, and the web
// client's pure helpers). The database suites run on
// embedded PGlite; with DATABASE_URL set they run a second time against that server
// (each suite creates and drops its own database there). `--db-only` runs only that
// second pass. JUnit reports go to .ci/out/ for the CI summary.
import { spawnSync } from 'node:child_process';
import { globSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dbOnly = process.argv.includes('--db-only');
const url = process.env.DATABASE_URL;
if (dbOnly && !url) {
  console.error('test:db needs DATABASE_URL=postgres://… (a server where test databases can be created).');
  process.exit(64);
}

const all = globSync(['contracts/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts', 'deploy/**/*.test.ts'], { cwd: root }).sort();
// deploy/ runs what deploy/ says (nginx, two nodes): on PostgreSQL only; it skips on the first pass.
const databaseSuites = all.filter((f) => f.startsWith('server/') || f.startsWith('deploy/'));
mkdirSync(path.join(root, '.ci/out'), { recursive: true });

function pass(label: string, files: string[], env: NodeJS.ProcessEnv): number {
  console.log(`\n── ${label}: ${files.length} files ──`);
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-concurrency=2',
      '--test-timeout=180000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=junit',
      `--test-reporter-destination=.ci/out/unit-${label.includes('PostgreSQL') ? 'postgres' : 'pglite'}.xml`,
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env },
  );
  return result.status ?? 1;
}

const { DATABASE_URL: _omit, ...withoutUrl } = process.env;
let status = 0;
if (!dbOnly) status ||= pass('unit + integration (PGlite)', all, withoutUrl);
if (url) status = pass(`database suites (PostgreSQL ${new URL(url).host})`, databaseSuites, process.env) || status;
process.exit(status);
