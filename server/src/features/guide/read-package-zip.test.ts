// Reading uploaded zips: where the package's root is, what is kept, and every archive
// refused before anything is read (zip-slip, bombs, too many entries, not a zip).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limits } from '@estran/contracts';
import { zipEntries } from '../../../test/index.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { readGuidePackage } from './read-package.ts';
import { isSafeEntryName, readPackageZip } from './read-package-zip.ts';

const manifest = JSON.stringify({ kind: 'edition', published: '2014-01-01', files: 1, articles: 1 });
const article = '# Article 1\n\nTexte.\n';

/** What a zip yields: its warnings, and the package's manifest and texts/ as read. */
function read(zip: Buffer) {
  const { source, warnings } = readPackageZip(zip);
  return { source, warnings, texts: (source.listTexts() ?? []).sort(), hasManifest: source.read('manifest.json') !== null };
}

const refusedWith = (status: number, code: string, message?: RegExp) => (error: unknown) =>
  error instanceof HttpError && error.status === status && error.code === code && (!message || message.test(error.message));

describe('reading a guide package zip', () => {
  it('takes manifest.json and texts/ at the root of the zip, for readGuidePackage to check', () => {
    const r = read(zipEntries({ 'manifest.json': manifest, 'texts/': '', 'texts/code/README.md': '# Code\n\n- [Article 1](article-1.md)\n', 'texts/code/article-1.md': article }));
    assert.deepEqual(r.texts, ['code/README.md', 'code/article-1.md']);
    assert.equal(r.source.read('texts/code/article-1.md'), article);
    assert.deepEqual(r.warnings, []);
    const pkg = readGuidePackage(r.source);
    assert.equal(pkg.manifest?.kind, 'edition');
    assert.deepEqual([...pkg.files.keys()].sort(), ['code/README.md', 'code/article-1.md']);
    assert.deepEqual(pkg.problems.filter((p) => p.severity === 'fatal'), []);
  });

  it('takes them inside one top folder too, and skips system litter silently', () => {
    const r = read(
      zipEntries({
        'edition-2014-01-01/manifest.json': manifest,
        'edition-2014-01-01/texts/code/article-1.md': article,
        '__MACOSX/edition-2014-01-01/._manifest.json': 'x',
        'edition-2014-01-01/.DS_Store': 'x',
      }),
    );
    assert.ok(r.hasManifest);
    assert.deepEqual(r.texts, ['code/article-1.md']);
    assert.deepEqual(r.warnings, []);
  });

  it('keeps nothing but manifest.json and .md files of texts/, and says what it skipped', () => {
    const r = read(zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article, 'LISEZMOI.txt': 'x', 'texts/code/image.png': 'x', 'texts/.cache.md': 'x', 'autre/article-2.md': article }));
    assert.deepEqual(r.texts, ['code/article-1.md']);
    assert.deepEqual(r.warnings.map((w) => [w.severity, w.file]), [
      ['warning', 'LISEZMOI.txt'],
      ['warning', 'texts/code/image.png'],
      ['warning', 'texts/.cache.md'],
      ['warning', 'autre/article-2.md'],
    ]);
    const many: Record<string, string> = { 'manifest.json': manifest };
    for (let i = 0; i < 80; i++) many[`notes/${i}.txt`] = 'x';
    const counted = read(zipEntries(many)).warnings;
    assert.equal(counted.length, 51, 'fifty named, the rest counted');
    assert.match(counted.at(-1)!.message, /et 30 autres fichiers ignorés/);
  });

  it('reports where manifest.json was looked for when it is nowhere', () => {
    const r = read(zipEntries({ 'a/manifest.json': manifest, 'b/texts/article-1.md': article }));
    assert.equal(r.hasManifest, false);
    assert.deepEqual(r.texts, []);
    assert.ok(r.warnings.some((w) => /racine ou dans un dossier unique/.test(w.message)));
    assert.match(readGuidePackage(r.source).problems[0]!.message, /manifest\.json absent/);
  });

  it('refuses zip-slip and odd names', () => {
    for (const name of ['../evil.md', 'texts/../../evil.md', '/etc/evil.md', 'C:/evil.md', 'texts\\..\\evil.md', 'texts/./article-1.md', 'texts//article-1.md', 'texts/a\u0000.md']) {
      assert.equal(isSafeEntryName(name), false, name);
      const zip = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article, [name]: 'pwned' });
      assert.throws(() => readPackageZip(zip), refusedWith(400, 'unsafe_archive', /sort du dossier du paquet/), name);
    }
    for (const name of ['manifest.json', 'texts/code/article-1.md', 'edition/texts/', 'a/b-c_d.e/f.md']) assert.equal(isSafeEntryName(name), true, name);
  });

  it('refuses what is not a zip, or not a readable one', () => {
    for (const body of [Buffer.from('{"kind":"edition"}'), Buffer.alloc(0), Buffer.from('PK\u0003\u0004 but nothing after that, not a central directory')]) {
      assert.throws(() => readPackageZip(body), refusedWith(400, 'invalid_archive'));
    }
    // A zip whose entry uses a compression method other than stored or deflate (here: 99, AES).
    const zip = zipEntries({ 'manifest.json': manifest });
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(99, cd + 10);
    assert.throws(() => readPackageZip(zip), refusedWith(400, 'invalid_archive', /non prise en charge/));
  });

  it('refuses a zip bomb by its declared size, before inflating it', () => {
    // 64 MiB and one byte of zeros deflate to ~65 kB.
    const bomb = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': new Uint8Array(limits.guidePackageMaxUncompressedBytes + 1) }, 1);
    assert.ok(bomb.length < 1024 * 1024);
    assert.throws(() => readPackageZip(bomb), refusedWith(413, 'archive_too_large', /Mo/));
  });

  it('never inflates an entry beyond the size its header declares', () => {
    // An entry whose headers claim 40 bytes but that inflates to 10 MB: cut at 40.
    const zip = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article + 'x'.repeat(10_000_000) });
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const local = zip.indexOf(Buffer.from('texts/code/article-1.md')) - 30;
    zip.writeUInt32LE(40, cd + 24); // central directory: uncompressed size
    zip.writeUInt32LE(40, local + 22); // local file header: uncompressed size
    assert.equal(read(zip).source.read('texts/code/article-1.md')!.length, 40);
  });

  it('refuses more entries than the limit', () => {
    const entries: Record<string, string> = { 'manifest.json': manifest };
    for (let i = 0; i <= limits.guidePackageMaxEntries; i++) entries[`texts/code/article-${i}.md`] = '';
    assert.throws(() => readPackageZip(zipEntries(entries, 0)), refusedWith(413, 'archive_too_large', /fichiers/));
  });

  it('refuses an entry present twice', () => {
    const twice = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article, 'texts/code/article-2.md': article });
    // Rename the second article to the first one's name, in its local and central headers.
    for (let at = twice.indexOf('texts/code/article-2.md'); at >= 0; at = twice.indexOf('texts/code/article-2.md', at + 1)) twice.write('1', at + 'texts/code/article-'.length, 'latin1');
    assert.throws(() => readPackageZip(twice), refusedWith(400, 'invalid_archive', /deux fois/));
  });
});
