// Reads a guide package uploaded as a zip (admin area) in memory, for readGuidePackage to
// check exactly as it checks `estran guide import <folder>`. Nothing touches the disk:
// only manifest.json and texts/… are kept, by path relative to the package's root.
//
// The zip library is fflate: no dependencies, maintained, typed, and it both writes zips
// (the tests build theirs from the corpus with it) and reads them from memory. It lets us
// see every entry's name and declared size before anything is inflated (`filter`), and it
// inflates an entry into a buffer of its declared size, never more: a header that lies
// about its size yields a truncated entry, not an unbounded one. (yauzl is as good a
// reader, but Node-only, stream-based, and needs a second package to write zips.)
//
// Steps, each refusing the whole archive (APPNOTE.TXT is the ZIP format's specification):
//   1. it is a zip: a local file header signature first, a readable central directory  → invalid_archive
//   2. at most guidePackageMaxEntries entries                                           → archive_too_large
//   3. every name is a plain relative path (APPNOTE 4.4.17: forward slashes, no drive
//      or leading slash; and no "." or ".." segment, no control character), and unique → unsafe_archive
//   4. the package's root: manifest.json at the top of the zip, or in its one top folder
//   5. kept: manifest.json and texts/<guidePath>; the rest is skipped, with a warning
//      (system litter such as __MACOSX/ or .DS_Store silently)
//   6. the kept entries' declared sizes add up to at most guidePackageMaxUncompressedBytes → archive_too_large
//   7. the kept entries are inflated (each into a buffer of its declared size)
import { unzipSync } from 'fflate';
import { guidePath, limits } from '@estran/contracts';
import { HttpError } from '../../platform/http-errors.ts';
import { memorySource, type PackageSource, type Problem } from './read-package.ts';

const MiB = 1024 * 1024;
/** Skipped files named one by one in the report; beyond, a count. */
const IGNORED_LISTED = 50;
const invalid = (message: string) => new HttpError(400, 'invalid_archive', message);
const tooLarge = (message: string) => new HttpError(413, 'archive_too_large', message);
const unsafe = (name: string) =>
  new HttpError(400, 'unsafe_archive', `Archive refusée : l’entrée « ${printable(name)} » sort du dossier du paquet ou porte un nom invalide. Rien n’a été importé.`);

/** A name fit to quote in a message: control characters shown as �, at most 200 characters. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** APPNOTE 4.4.17 and zip-slip: a relative path of plain segments. */
export function isSafeEntryName(name: string): boolean {
  if (name === '' || name.startsWith('/') || name.includes('\\') || /^[A-Za-z]:/.test(name)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

const isLitter = (name: string) => name.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|\._[^/]*)$/.test(name);

type Entry = { name: string; size: number };

export function readPackageZip(zip: Uint8Array): { source: PackageSource; warnings: Problem[] } {
  // 1. A zip starts with a local file header ("PK\x03\x04"), or is an empty one ("PK\x05\x06").
  if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b || !((zip[2] === 3 && zip[3] === 4) || (zip[2] === 5 && zip[3] === 6))) {
    throw invalid('Le fichier envoyé n’est pas une archive zip.');
  }
  // 2–3. A first pass reads the central directory only: names and declared sizes.
  const entries: Entry[] = [];
  const seen = new Set<string>();
  try {
    unzipSync(zip, {
      filter: (file) => {
        if (entries.length >= limits.guidePackageMaxEntries) {
          throw tooLarge(`Archive refusée : plus de ${limits.guidePackageMaxEntries} fichiers. Rien n’a été importé.`);
        }
        if (!isSafeEntryName(file.name)) throw unsafe(file.name);
        if (seen.has(file.name)) throw invalid(`Archive refusée : l’entrée « ${printable(file.name)} » y figure deux fois. Rien n’a été importé.`);
        seen.add(file.name);
        entries.push({ name: file.name, size: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw invalid('Le fichier envoyé n’est pas une archive zip lisible.');
  }

  // 4. The root: manifest.json at the top, or inside one top folder.
  const candidates = entries.filter((e) => !e.name.endsWith('/') && !isLitter(e.name));
  let root = '';
  if (!candidates.some((e) => e.name === 'manifest.json')) {
    const tops = new Set(candidates.map((e) => (e.name.includes('/') ? e.name.split('/')[0]! : '')));
    const [top] = tops;
    if (tops.size === 1 && top && candidates.some((e) => e.name === `${top}/manifest.json`)) root = `${top}/`;
  }

  // 5–6. What is kept, and what it weighs once inflated.
  const warnings: Problem[] = [];
  const kept = new Map<string, string>(); // zip entry name → path relative to the package
  let total = 0;
  let ignored = 0;
  for (const e of candidates) {
    const rel = e.name.startsWith(root) ? e.name.slice(root.length) : null;
    if (rel === 'manifest.json' || (rel?.startsWith('texts/') && guidePath.safeParse(rel.slice('texts/'.length)).success)) {
      kept.set(e.name, rel);
      total += e.size;
    } else if (++ignored <= IGNORED_LISTED) {
      warnings.push({ severity: 'warning', file: e.name, message: 'fichier ignoré : ni manifest.json ni un fichier .md de texts/' });
    }
  }
  if (ignored > IGNORED_LISTED) {
    warnings.push({ severity: 'warning', file: null, message: `et ${ignored - IGNORED_LISTED} autres fichiers ignorés` });
  }
  if (!kept.has(`${root}manifest.json`)) {
    warnings.push({ severity: 'warning', file: null, message: 'l’archive doit contenir manifest.json et texts/, à sa racine ou dans un dossier unique' });
  }
  if (total > limits.guidePackageMaxUncompressedBytes) {
    throw tooLarge(
      `Archive refusée : une fois décompressée, elle dépasserait ${limits.guidePackageMaxUncompressedBytes / MiB} Mo (${Math.ceil(total / MiB)} Mo annoncés). Rien n’a été importé.`,
    );
  }

  // 7. Inflate the kept entries, each into a buffer of its declared size.
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = unzipSync(zip, { filter: (file) => kept.has(file.name) });
  } catch {
    throw invalid('Archive illisible : une entrée est corrompue, chiffrée ou compressée d’une manière non prise en charge (seules « stored » et « deflate » le sont).');
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, rel] of kept) {
    const data = inflated[name];
    if (data) files.set(rel, data);
  }
  return { source: memorySource('archive zip', files), warnings };
}
