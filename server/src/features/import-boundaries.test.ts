// Features talk through their index.ts, never through each other's files or tables
// (ARCHITECTURE.md, "Feature folders"). This test reads every import of every file under
// server/src/features/<feature>/ and fails when one reaches
//   - another server feature's file other than its index.ts (its schema.ts, a query, a helper), or
//   - server/src/db/schema.ts, the aggregator of every feature's tables (db/client.ts and tests only);
// and, when web/src/features exists, when a web feature's file reaches
//   - another web feature's file other than its index.ts, or
//   - web/src/app/, the shell that assembles the features (imports run shell → features → lib).
// Tests are exempt (*.test.ts, *.test.tsx): a test may set up or inspect any table, through
// db/schema.ts or a feature's own files, to check what the code under test did.
import assert from 'node:assert/strict';
import { existsSync, globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const repo = path.resolve(import.meta.dirname, '../../..');

type Source = { file: string; text: string };
type Violation = { file: string; specifier: string; reason: string };

/** Every module specifier of a TypeScript file: static imports and re-exports, side-effect imports, dynamic import(). */
function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/**
 * The imports of `sources` (paths relative to the repository) that cross a feature's wall
 * on one side: `featuresDir` holds the features, `forbidden` the paths no feature may import.
 */
function boundaryViolations(
  sources: Source[],
  side: { featuresDir: string; forbidden: { path: string; reason: string }[] },
): Violation[] {
  const violations: Violation[] = [];
  const featureOf = (file: string): string | null => {
    const rel = path.posix.relative(side.featuresDir, file);
    if (rel.startsWith('..') || !rel.includes('/')) return null;
    return rel.split('/')[0]!;
  };
  for (const { file, text } of sources) {
    const own = featureOf(file);
    if (!own || isTest(file)) continue;
    for (const specifier of importSpecifiers(text)) {
      if (!specifier.startsWith('.')) continue; // packages and workspace packages (@estran/contracts)
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      for (const f of side.forbidden) {
        if (target === f.path || target.startsWith(`${f.path}/`)) violations.push({ file, specifier, reason: f.reason });
      }
      const other = featureOf(target);
      if (other && other !== own && !/^index\.tsx?$/.test(path.posix.relative(path.posix.join(side.featuresDir, other), target))) {
        violations.push({ file, specifier, reason: `reaches into feature ${other}: import its index.ts instead` });
      }
    }
  }
  return violations;
}

function read(dir: string, pattern: string): Source[] {
  return globSync(pattern, { cwd: path.join(repo, dir) })
    .sort()
    .map((f) => {
      const file = path.posix.join(dir, f.split(path.sep).join('/'));
      return { file, text: readFileSync(path.join(repo, file), 'utf8') };
    });
}

const serverSide = {
  featuresDir: 'server/src/features',
  forbidden: [{ path: 'server/src/db/schema.ts', reason: 'imports every feature’s tables (db/schema.ts is for db/client.ts and tests)' }],
};
const webSide = {
  featuresDir: 'web/src/features',
  forbidden: [{ path: 'web/src/app', reason: 'imports the shell (web/src/app assembles the features, not the other way round)' }],
};

const show = (v: Violation[]) => v.map((x) => `${x.file}: '${x.specifier}' ${x.reason}`).join('\n');

describe('import boundaries between features', () => {
  it('finds the bad imports of a synthetic example, and only those', () => {
    const sources: Source[] = [
      {
        file: 'server/src/features/helpdesk/agent-file.ts',
        text: [
          "import { agents } from '../org/schema.ts';", // another feature's table
          "import type { TenantAuthContext } from '../auth/auth-settings.ts';", // another feature's internals
          "import * as schema from '../../db/schema.ts';", // the aggregator
          "export { x } from '../devices/devices.ts';", // a re-export counts too
          "const lazy = () => import('../guide/find-guide.ts');", // and a dynamic import
          "import { readAuthSettings } from '../auth/index.ts';", // fine: the public surface
          "import { presentHelpdeskAgent } from './search-agents.ts';", // fine: its own file
          "import type { Database } from '../../db/client.ts';", // fine: the database client
          "import { sql } from 'drizzle-orm';", // fine: a package
          "// import { agents } from '../org/schema.ts'; (a comment is no import)",
        ].join('\n'),
      },
      { file: 'server/src/features/helpdesk/agent-file.test.ts', text: "import { agents } from '../../db/schema.ts';" }, // tests are exempt
      { file: 'server/src/features/org/schema.ts', text: "import { bytea } from '../../db/columns.ts';" },
    ];
    const found = boundaryViolations(sources, serverSide);
    assert.deepEqual(new Set(found.map((v) => v.specifier)), new Set(['../org/schema.ts', '../auth/auth-settings.ts', '../../db/schema.ts', '../devices/devices.ts', '../guide/find-guide.ts']));

    const web = boundaryViolations(
      [
        {
          file: 'web/src/features/helpdesk/HelpdeskPage.tsx',
          text: [
            "import { Layout } from '../../app/Layout.tsx';", // the shell
            "import { DevicesTab } from '../devices/DevicesTab.tsx';", // another feature's page
            "import { devicesFeature } from '../devices/index.ts';", // fine
            "import { api } from '../../lib/api.ts';", // fine
          ].join('\n'),
        },
      ],
      webSide,
    );
    assert.deepEqual(new Set(web.map((v) => v.specifier)), new Set(['../../app/Layout.tsx', '../devices/DevicesTab.tsx']));
  });

  it('server features import one another only through index.ts, and never db/schema.ts', () => {
    const sources = read('server/src/features', '**/*.ts');
    assert.ok(sources.length > 50, 'the server features were read');
    assert.equal(show(boundaryViolations(sources, serverSide)), '');
  });

  it('web features import one another only through index.ts, and never the shell (web/src/app)', { skip: !existsSync(path.join(repo, 'web/src/features')) }, () => {
    const sources = read('web/src/features', '**/*.{ts,tsx}');
    assert.equal(show(boundaryViolations(sources, webSide)), '');
  });
});
