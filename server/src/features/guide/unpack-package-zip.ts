// The steps that read a guide package uploaded as a zip, in memory: only manifest.json
// and texts/… are kept, by path relative to the package's root, for readGuidePackage to
// check exactly as it checks `estran guide import <folder>`. Nothing touches the disk.
// This runs in a worker thread (read-package-zip.ts), never on the server's event loop.
//
// Steps, each refusing the whole archive (APPNOTE.TXT is the ZIP format's specification):
//   1. it is a zip: a local file header signature first, a readable central directory  → invalid_archive
//   2. at most guidePackageMaxEntries entries                                           → archive_too_large
//   3. every name is a plain relative path (APPNOTE 4.4.17: forward slashes, no drive
//      or leading slash; and no "." or ".." segment, no control character), and unique → unsafe_archive
//   4. the package's root: manifest.json at the top of the zip, or in its one top folder
//   5. kept: manifest.json and texts/<guidePath>; the rest is skipped, with a warning
//      (system litter such as __MACOSX/ or .DS_Store silently)
//   6. each kept entry declares at most guidePackageMaxFileBytes, and all of them
//      together at most guidePackageMaxUncompressedBytes                                 → archive_too_large
//   7. the kept entries are inflated, counting bytes, each into a buffer of its declared
//      size: an entry that inflates past what it declares (a lying header: the zip bomb
//      of the outside review) is refused as soon as it does, not truncated      → archive_too_large
//      one that is corrupt, shorter than declared, fails its CRC-32, overlaps
//      another, is encrypted or compressed otherwise than stored or deflate     → invalid_archive
import { guidePath, limits } from '@estran/contracts';
import { HttpError } from '../../platform/http-errors.ts';
import type { Problem } from './read-package.ts';
import { entryData, inflateZipEntry, listZipEntries, ZipFormatError, ZipSizeError, type ZipEntry } from './zip-archive.ts';

const MiB = 1024 * 1024;
/** Skipped files named one by one in the report; beyond, a count. */
const IGNORED_LISTED = 50;
const invalid = (message: string) => new HttpError(400, 'invalid_archive', message);
const tooLarge = (message: string) => new HttpError(413, 'archive_too_large', message);
const unsafe = (name: string) =>
  new HttpError(400, 'unsafe_archive', `Archive refusée : l’entrée « ${printable(name)} » sort du dossier du paquet ou porte un nom invalide. Rien n’a été importé.`);
const unreadable = (name: string) =>
  invalid(
    `Archive illisible : l’entrée « ${printable(name)} » est corrompue, chiffrée ou compressée d’une manière non prise en charge (seules « stored » et « deflate » le sont). Recréez l’archive avec un outil zip courant. Rien n’a été importé.`,
  );

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

export type UnpackedPackage = {
  /** Path relative to the package's root → bytes. */
  files: Map<string, Uint8Array>;
  warnings: Problem[];
};

/**
 * Steps 1–7 above. `counter.inflatedBytes` counts every byte the inflater produced, also
 * when an entry is refused halfway (what the tests and the benchmark look at).
 */
export async function unpackPackageZip(zip: Uint8Array, counter: { inflatedBytes: number } = { inflatedBytes: 0 }): Promise<UnpackedPackage> {
  // 1. A zip starts with a local file header ("PK\x03\x04"), or is an empty one ("PK\x05\x06").
  if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b || !((zip[2] === 3 && zip[3] === 4) || (zip[2] === 5 && zip[3] === 6))) {
    throw invalid('Le fichier envoyé n’est pas une archive zip.');
  }
  let entries: ZipEntry[];
  try {
    entries = listZipEntries(zip);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    throw invalid('Le fichier envoyé n’est pas une archive zip lisible.');
  }
  // 2–3. Names and declared sizes, from the central directory only.
  if (entries.length > limits.guidePackageMaxEntries) {
    throw tooLarge(`Archive refusée : plus de ${limits.guidePackageMaxEntries} fichiers. Rien n’a été importé.`);
  }
  const seen = new Set<string>();
  for (const e of entries) {
    if (!isSafeEntryName(e.name)) throw unsafe(e.name);
    if (seen.has(e.name)) throw invalid(`Archive refusée : l’entrée « ${printable(e.name)} » y figure deux fois. Rien n’a été importé.`);
    seen.add(e.name);
  }

  // 4. The root: manifest.json at the top, or inside one top folder.
  const candidates = entries.filter((e) => !e.name.endsWith('/') && !isLitter(e.name));
  let root = '';
  if (!candidates.some((e) => e.name === 'manifest.json')) {
    const tops = new Set(candidates.map((e) => (e.name.includes('/') ? e.name.split('/')[0]! : '')));
    const [top] = tops;
    if (tops.size === 1 && top && candidates.some((e) => e.name === `${top}/manifest.json`)) root = `${top}/`;
  }

  // 5. What is kept.
  const warnings: Problem[] = [];
  const kept: { entry: ZipEntry; rel: string }[] = [];
  let ignored = 0;
  for (const e of candidates) {
    const rel = e.name.startsWith(root) ? e.name.slice(root.length) : null;
    if (rel === 'manifest.json' || (rel?.startsWith('texts/') && guidePath.safeParse(rel.slice('texts/'.length)).success)) {
      kept.push({ entry: e, rel });
    } else if (++ignored <= IGNORED_LISTED) {
      warnings.push({ severity: 'warning', file: e.name, message: 'fichier ignoré : ni manifest.json ni un fichier .md de texts/' });
    }
  }
  if (ignored > IGNORED_LISTED) {
    warnings.push({ severity: 'warning', file: null, message: `et ${ignored - IGNORED_LISTED} autres fichiers ignorés` });
  }
  if (!kept.some((k) => k.rel === 'manifest.json')) {
    warnings.push({ severity: 'warning', file: null, message: 'l’archive doit contenir manifest.json et texts/, à sa racine ou dans un dossier unique' });
  }

  // 6. What the kept entries declare once inflated: each, then all together.
  let total = 0;
  for (const { entry } of kept) {
    if (entry.size > limits.guidePackageMaxFileBytes) {
      throw tooLarge(
        `Archive refusée : l’entrée « ${printable(entry.name)} » ferait ${Math.ceil(entry.size / MiB)} Mo une fois décompressée, au-delà de ${limits.guidePackageMaxFileBytes / MiB} Mo par fichier. Rien n’a été importé.`,
      );
    }
    total += entry.size;
  }
  if (total > limits.guidePackageMaxUncompressedBytes) {
    throw tooLarge(
      `Archive refusée : une fois décompressée, elle dépasserait ${limits.guidePackageMaxUncompressedBytes / MiB} Mo (${Math.ceil(total / MiB)} Mo annoncés). Rien n’a été importé.`,
    );
  }

  // 7. Inflate the kept entries. Their data must not overlap (a bomb's other trick:
  // many entries pointing at the same compressed bytes).
  const spans = kept
    .map(({ entry }) => {
      try {
        return { entry, ...entryData(zip, entry) };
      } catch (error) {
        if (error instanceof ZipFormatError) throw unreadable(entry.name);
        throw error;
      }
    })
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.entry.localHeaderOffset < spans[i - 1]!.end) {
      throw invalid(`Archive refusée : les entrées « ${printable(spans[i - 1]!.entry.name)} » et « ${printable(spans[i]!.entry.name)} » se chevauchent. Rien n’a été importé.`);
    }
  }
  const files = new Map<string, Uint8Array>();
  for (const { entry, rel } of kept) {
    try {
      files.set(rel, await inflateZipEntry(zip, entry, counter));
    } catch (error) {
      if (error instanceof ZipSizeError) {
        throw tooLarge(
          `Archive refusée : l’entrée « ${printable(entry.name)} » se décompresse au-delà des ${entry.size} octets qu’elle annonce (archive falsifiée ou corrompue). Recréez l’archive avec un outil zip courant. Rien n’a été importé.`,
        );
      }
      if (error instanceof ZipFormatError) throw unreadable(entry.name);
      throw error;
    }
  }
  return { files, warnings };
}
