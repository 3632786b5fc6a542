// Reading uploaded zips: where the package's root is, what is kept, and every archive
// refused before anything is read (zip-slip, bombs, too many entries, not a zip); then
// zip bombs with lying headers, stopped while inflating, in a worker thread that always
// ends (issue 15, finding 6).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { threadId, type Worker } from 'node:worker_threads';
import { limits } from '@estran/contracts';
import { zipEntries } from '../../../test/index.ts';
import { zipBomb, zipWithDeclaredSizes } from '../../../test/zip-bomb.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { readGuidePackage } from './read-package.ts';
import { isSafeEntryName, readPackageZip, type ReadZipStats } from './read-package-zip.ts';
import { maxOvershootBytes } from './zip-archive.ts';

const manifest = JSON.stringify({ kind: 'edition', published: '2014-01-01', files: 1, articles: 1 });
const article = '# Article 1\n\nTexte.\n';

/** What a zip yields: its warnings, and the package's manifest and texts/ as read. */
async function read(zip: Buffer) {
  const { source, warnings } = await readPackageZip(zip);
  return { source, warnings, texts: (source.listTexts() ?? []).sort(), hasManifest: source.read('manifest.json') !== null };
}

const refusedWith = (status: number, code: string, message?: RegExp) => (error: unknown) =>
  error instanceof HttpError && error.status === status && error.code === code && (!message || message.test(error.message));

describe('reading a guide package zip', () => {
  it('takes manifest.json and texts/ at the root of the zip, for readGuidePackage to check', async () => {
    const r = await read(zipEntries({ 'manifest.json': manifest, 'texts/': '', 'texts/code/README.md': '# Code\n\n- [Article 1](article-1.md)\n', 'texts/code/article-1.md': article }));
    assert.deepEqual(r.texts, ['code/README.md', 'code/article-1.md']);
    assert.equal(r.source.read('texts/code/article-1.md'), article);
    assert.deepEqual(r.warnings, []);
    const pkg = readGuidePackage(r.source);
    assert.equal(pkg.manifest?.kind, 'edition');
    assert.deepEqual([...pkg.files.keys()].sort(), ['code/README.md', 'code/article-1.md']);
    assert.deepEqual(pkg.problems.filter((p) => p.severity === 'fatal'), []);
  });

  it('takes them inside one top folder too, and skips system litter silently', async () => {
    const r = await read(
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

  it('keeps nothing but manifest.json and .md files of texts/, and says what it skipped', async () => {
    const r = await read(zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article, 'LISEZMOI.txt': 'x', 'texts/code/image.png': 'x', 'texts/.cache.md': 'x', 'autre/article-2.md': article }));
    assert.deepEqual(r.texts, ['code/article-1.md']);
    assert.deepEqual(r.warnings.map((w) => [w.severity, w.file]), [
      ['warning', 'LISEZMOI.txt'],
      ['warning', 'texts/code/image.png'],
      ['warning', 'texts/.cache.md'],
      ['warning', 'autre/article-2.md'],
    ]);
    const many: Record<string, string> = { 'manifest.json': manifest };
    for (let i = 0; i < 80; i++) many[`notes/${i}.txt`] = 'x';
    const counted = (await read(zipEntries(many))).warnings;
    assert.equal(counted.length, 51, 'fifty named, the rest counted');
    assert.match(counted.at(-1)!.message, /et 30 autres fichiers ignorés/);
  });

  it('reports where manifest.json was looked for when it is nowhere', async () => {
    const r = await read(zipEntries({ 'a/manifest.json': manifest, 'b/texts/article-1.md': article }));
    assert.equal(r.hasManifest, false);
    assert.deepEqual(r.texts, []);
    assert.ok(r.warnings.some((w) => /racine ou dans un dossier unique/.test(w.message)));
    assert.match(readGuidePackage(r.source).problems[0]!.message, /manifest\.json absent/);
  });

  it('refuses zip-slip and odd names', async () => {
    for (const name of ['../evil.md', 'texts/../../evil.md', '/etc/evil.md', 'C:/evil.md', 'texts\\..\\evil.md', 'texts/./article-1.md', 'texts//article-1.md', 'texts/a\u0000.md']) {
      assert.equal(isSafeEntryName(name), false, name);
      const zip = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article, [name]: 'pwned' });
      await assert.rejects(readPackageZip(zip), refusedWith(400, 'unsafe_archive', /sort du dossier du paquet/), name);
    }
    for (const name of ['manifest.json', 'texts/code/article-1.md', 'edition/texts/', 'a/b-c_d.e/f.md']) assert.equal(isSafeEntryName(name), true, name);
  });

  it('refuses what is not a zip, or not a readable one', async () => {
    for (const body of [Buffer.from('{"kind":"edition"}'), Buffer.alloc(0), Buffer.from('PK\u0003\u0004 but nothing after that, not a central directory')]) {
      await assert.rejects(readPackageZip(body), refusedWith(400, 'invalid_archive'));
    }
    // A zip whose entry uses a compression method other than stored or deflate (here: 99, AES).
    const zip = zipEntries({ 'manifest.json': manifest });
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(99, cd + 10);
    await assert.rejects(readPackageZip(zip), refusedWith(400, 'invalid_archive', /non prise en charge/));
  });

  it('refuses a zip bomb by its declared size, before inflating it', async () => {
    // 64 MiB and one byte of zeros deflate to ~65 kB.
    const bomb = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': new Uint8Array(limits.guidePackageMaxUncompressedBytes + 1) }, 1);
    assert.ok(bomb.length < 1024 * 1024);
    await assert.rejects(readPackageZip(bomb), refusedWith(413, 'archive_too_large', /Mo/));
  });

  it('refuses, not truncates, an entry that inflates beyond the size its header declares', async () => {
    // An entry whose headers claim 40 bytes but that inflates to 10 MB (fflate's zip, patched).
    const zip = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article + 'x'.repeat(10_000_000) });
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const local = zip.indexOf(Buffer.from('texts/code/article-1.md')) - 30;
    zip.writeUInt32LE(40, cd + 24); // central directory: uncompressed size
    zip.writeUInt32LE(40, local + 22); // local file header: uncompressed size
    await assert.rejects(read(zip), refusedWith(413, 'archive_too_large', /« texts\/code\/article-1\.md » se décompresse au-delà des 40 octets/));
  });

  it('refuses more entries than the limit', async () => {
    const entries: Record<string, string> = { 'manifest.json': manifest };
    for (let i = 0; i <= limits.guidePackageMaxEntries; i++) entries[`texts/code/article-${i}.md`] = '';
    await assert.rejects(readPackageZip(zipEntries(entries, 0)), refusedWith(413, 'archive_too_large', /fichiers/));
  });

  it('refuses an entry present twice', async () => {
    const twice = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article, 'texts/code/article-2.md': article });
    // Rename the second article to the first one's name, in its local and central headers.
    for (let at = twice.indexOf('texts/code/article-2.md'); at >= 0; at = twice.indexOf('texts/code/article-2.md', at + 1)) twice.write('1', at + 'texts/code/article-'.length, 'latin1');
    await assert.rejects(readPackageZip(twice), refusedWith(400, 'invalid_archive', /deux fois/));
  });
});

describe('inflating an uploaded zip: bounded, counted, in a worker thread that always ends', () => {
  const MiB = 1024 * 1024;
  // Every worker started meanwhile: none may outlive its call (threadId is -1 once exited).
  const started: Worker[] = [];
  const onWorker = (worker: Worker) => started.push(worker);
  before(() => process.on('worker', onWorker));
  after(() => void process.off('worker', onWorker));
  const allExited = () => started.length > 0 && started.every((w) => w.threadId === -1);

  /** The outcome of reading `zip`, with what the worker reported. */
  async function attempt(zip: Uint8Array, options: { timeoutMs?: number } = {}) {
    let stats: ReadZipStats | null = null;
    try {
      const value = await readPackageZip(zip, { ...options, onStats: (s) => (stats = s) });
      return { value, error: null, stats: stats as ReadZipStats | null };
    } catch (error) {
      return { value: null, error, stats: stats as ReadZipStats | null };
    }
  }

  it('stops a lying header within one chunk: 200 MiB of zeros declared as 100 bytes', async () => {
    const bomb = zipBomb({ inflatedBytes: 200 * MiB, declaredSize: 100 });
    assert.ok(bomb.length < limits.guidePackageMaxBytes, `the bomb is an acceptable upload (${bomb.length} bytes)`);
    const { error, stats } = await attempt(bomb);
    assert.ok(refusedWith(413, 'archive_too_large', /« texts\/code\/article-1\.md » se décompresse au-delà des 100 octets/)(error), String(error));
    assert.ok(stats, 'the worker reports what it inflated, refusal or not');
    assert.ok(stats.inflatedBytes > 100, 'it was refused while inflating, by counting');
    assert.ok(stats.inflatedBytes <= 1024 + 100 + maxOvershootBytes, `${stats.inflatedBytes} bytes inflated of 200 MiB`);
    assert.ok(allExited());
  });

  it('stops at the per-file cap: the same zeros declared as exactly guidePackageMaxFileBytes', async () => {
    const cap = limits.guidePackageMaxFileBytes;
    const { error, stats } = await attempt(zipBomb({ inflatedBytes: 200 * MiB, declaredSize: cap }));
    assert.ok(refusedWith(413, 'archive_too_large', /article-1\.md/)(error), String(error));
    assert.ok(stats!.inflatedBytes > cap, 'inflated up to the cap');
    assert.ok(stats!.inflatedBytes <= 1024 + cap + maxOvershootBytes, `${stats!.inflatedBytes} bytes inflated`);
  });

  it('refuses an entry declaring more than the per-file cap before inflating anything (an honest 60 MiB article)', async () => {
    const honest = zipBomb({ inflatedBytes: 60 * MiB, declaredSize: 60 * MiB });
    assert.ok(60 * MiB < limits.guidePackageMaxUncompressedBytes, 'within the total: the per-file cap is what refuses it');
    const { error, stats } = await attempt(honest);
    assert.ok(refusedWith(413, 'archive_too_large', /« texts\/code\/article-1\.md » ferait 60 Mo une fois décompressée, au-delà de 4 Mo par fichier/)(error), String(error));
    assert.equal(stats!.inflatedBytes, 0);
  });

  it('inflates off the main thread, and moves the zip to the worker rather than copying it', async () => {
    const zip = new Uint8Array(zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': `${article}${'Texte de l’article. '.repeat(2000)}` }));
    assert.equal(zip.byteLength, zip.buffer.byteLength, 'a buffer of its own, as a large upload’s body is');
    const { value, stats } = await attempt(zip);
    assert.ok(value?.source.read('texts/code/article-1.md')?.startsWith(article));
    assert.notEqual(stats!.threadId, threadId, 'inflated in another thread');
    assert.ok(stats!.inflatedBytes > 40_000);
    assert.equal(zip.byteLength, 0, 'moved, not copied: the caller’s buffer is detached');

    const small = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article });
    assert.ok(small.buffer.byteLength > small.byteLength, 'a slice of Node’s buffer pool');
    const copy = Buffer.from(small);
    assert.ok((await attempt(small)).value, 'read');
    assert.deepEqual(small, copy, 'a shared buffer is copied, and left as it was');
    assert.ok(allExited());
  });

  it('refuses an entry shorter than it declares, one failing its CRC-32, and entries whose data overlap', async () => {
    const short = zipWithDeclaredSizes([{ name: 'manifest.json', data: manifest }, { name: 'texts/code/article-1.md', data: article, declaredSize: article.length + 1 }]);
    assert.ok(refusedWith(400, 'invalid_archive', /« texts\/code\/article-1\.md » est corrompue/)((await attempt(short)).error));

    const corrupt = zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article });
    const cd = corrupt.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    corrupt.writeUInt32LE((corrupt.readUInt32LE(cd + 16) ^ 1) >>> 0, cd + 16); // central directory: CRC-32
    assert.ok(refusedWith(400, 'invalid_archive', /« texts\/code\/article-1\.md » est corrompue/)((await attempt(corrupt)).error));

    // The first entry's compressed size stretched over the second entry (a bomb reusing data).
    const overlapping = zipWithDeclaredSizes([{ name: 'manifest.json', data: manifest }, { name: 'texts/code/article-1.md', data: article }]);
    const firstCd = overlapping.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const stretched = overlapping.readUInt32LE(18) + 30 + 'texts/code/article-1.md'.length;
    overlapping.writeUInt32LE(stretched, 18);
    overlapping.writeUInt32LE(stretched, firstCd + 20);
    assert.ok(refusedWith(400, 'invalid_archive', /se chevauchent/)((await attempt(overlapping)).error), String((await attempt(overlapping)).error));
  });

  it('reads at most two uploads at a time, the others waiting their turn', async () => {
    let alive = 0;
    let most = 0;
    const count = (worker: Worker) => {
      most = Math.max(most, ++alive);
      worker.once('exit', () => (alive -= 1));
    };
    process.on('worker', count);
    try {
      const zips = Array.from({ length: 5 }, () => zipEntries({ 'manifest.json': manifest, 'texts/code/article-1.md': article }));
      const results = await Promise.all(zips.map((zip) => attempt(zip)));
      assert.ok(results.every((r) => r.value?.source.read('texts/code/article-1.md') === article));
      assert.equal(most, 2);
    } finally {
      process.off('worker', count);
    }
  });

  it('ends its worker when time runs out', async () => {
    const zip = zipBomb({ inflatedBytes: 4 * MiB, declaredSize: 4 * MiB });
    const { error } = await attempt(zip, { timeoutMs: 1 });
    assert.ok(refusedWith(413, 'archive_too_large', /sa lecture a dépassé 1 s/)(error), String(error));
    assert.ok(allExited());
  });
});
