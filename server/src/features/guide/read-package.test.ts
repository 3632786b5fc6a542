// The guide's package reader against the real corpus and the faulty inputs
// (../shared/fixtures, read in place, never copied into the repository).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkTableOfContents, readGuidePackage } from './read-package.ts';

// The shared fixtures stand beside the repository (../shared/fixtures), as on CI.
const fixtures = process.env.ESTRAN_FIXTURES ?? path.resolve(import.meta.dirname, '../../../../../shared/fixtures');
if (!existsSync(path.join(fixtures, 'guide'))) throw new Error(`guide fixtures not found in ${fixtures} (set ESTRAN_FIXTURES)`);
const fatal = (p: ReturnType<typeof readGuidePackage>) => p.problems.filter((x) => x.severity === 'fatal');

describe('guide package reader', () => {
  it('reads the base edition: 3,321 articles and 937 sections, nothing fatal, the odd heading reported', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide/edition-2014-01-01'));
    assert.deepEqual(fatal(pkg), []);
    const files = [...pkg.files.values()];
    assert.equal(files.filter((f) => f.kind === 'article').length, 3321);
    assert.equal(files.filter((f) => f.kind === 'section').length, 937);
    const l262 = pkg.files.get('code-de-l-action-sociale-et-des-familles/partie-legislative/livre-ii/titre-vi/chapitre-ii/section-2/sous-section-1/article-l262-2.md');
    assert.equal(l262?.kind === 'article' && l262.number, 'L262-2');
    assert.ok(pkg.problems.some((p) => p.severity === 'warning' && /Titre : XIV/.test(p.message)));
  });

  it('reads an update bulletin with what it changes and removes', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide/updates/2014-03-01'));
    assert.deepEqual(fatal(pkg), []);
    assert.equal(pkg.manifest?.kind, 'update');
    assert.equal(pkg.manifest?.kind === 'update' && pkg.manifest.follows, '2014-01-01');
    assert.equal(pkg.files.size, pkg.manifest?.kind === 'update' ? pkg.manifest.changed.length : -1);
  });

  it('refuses a manifest that is not JSON', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide-faulty/bulletin-bad-manifest'));
    assert.match(fatal(pkg)[0]!.message, /n’est pas un JSON valide/);
    assert.equal(pkg.manifest, null);
  });

  it('refuses a path that climbs out of texts/', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide-faulty/bulletin-bad-paths'));
    assert.ok(fatal(pkg).some((p) => /changed\.0/.test(p.message) && /\.\.\/\.\.\/\.\.\/etc\/passwd/.test(p.message)));
    assert.equal(pkg.manifest, null);
  });

  it('refuses a bulletin that lacks a file it lists', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide-faulty/bulletin-missing-file'));
    assert.ok(fatal(pkg).some((p) => /absent du bulletin/.test(p.message)));
  });

  it('reads a bulletin that follows another edition (the importer checks it against the current one)', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide-faulty/bulletin-wrong-follows'));
    assert.equal(pkg.manifest?.kind, 'update');
    assert.notEqual(pkg.manifest?.kind === 'update' && pkg.manifest.follows, '2014-01-01');
  });

  it('names each problem of an edition with broken links, without crashing', () => {
    const pkg = readGuidePackage(path.join(fixtures, 'guide-faulty/edition-broken-links'));
    checkTableOfContents(pkg.files, pkg.problems);
    const text = pkg.problems.map((p) => `${p.severity} ${p.file}: ${p.message}`).join('\n');
    assert.match(text, /fatal .*: article sans titre/);
    assert.match(text, /lien vers « titre-ii\/? »/);
    assert.match(text, /titre-iii\/README\.md: (titre de section inhabituel|section vide)/);
  });
});
