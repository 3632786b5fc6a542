// Imports run one way: the shell (app/) → features → the shared library (lib/) and
// components/. A feature uses another feature only through its index.ts; lib/ and
// components/ never reach up into app/ or features/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';

const src = resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The web/src-relative paths a file imports (relative specifiers only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g)) {
    const spec = m[1] ?? m[2] ?? '';
    out.push(relative(src, resolve(dirname(file), spec)).split(sep).join('/'));
  }
  return out;
}

/** Where a web/src-relative path sits: ['app'] | ['lib'] | ['components'] | ['features', name] | ['main']. */
function place(path: string): [area: string, feature?: string] {
  const [top = '', second = ''] = path.split('/');
  return top === 'features' ? ['features', second] : [top];
}

export function violations(): string[] {
  const out: string[] = [];
  for (const file of files(src)) {
    const from = relative(src, file).split(sep).join('/');
    const [area, feature] = place(from);
    for (const to of importsOf(file)) {
      const [toArea, toFeature] = place(to);
      if ((area === 'lib' || area === 'components') && (toArea === 'app' || toArea === 'features')) out.push(`${from} → ${to}`);
      if (area === 'features' && toArea === 'app') out.push(`${from} → ${to}`);
      if (area === 'features' && toArea === 'features' && toFeature !== feature && to !== `features/${toFeature}/index.ts`) out.push(`${from} → ${to}`);
    }
  }
  return out;
}

describe('web import boundaries', () => {
  it('keeps lib/ and components/ below the features, features below the shell, and features apart except through index.ts', () => {
    assert.deepEqual(violations(), []);
  });

  it('reads the imports of a file', () => {
    assert.ok(importsOf(join(src, 'app', 'messages.ts')).includes('lib/messages.ts'));
  });
});
