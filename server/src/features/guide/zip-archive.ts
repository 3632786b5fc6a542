// Reading a zip held in memory, without trusting it (APPNOTE.TXT, the ZIP format's
// specification, section numbers quoted below). Two steps:
//   - listZipEntries reads the central directory only: names, declared sizes, where each
//     entry's data lies. Nothing is inflated.
//   - inflateZipEntry inflates one entry with Node's zlib, counting every byte produced,
//     and stops as soon as the entry has produced more than it declares: a lying header
//     is refused, never silently truncated nor inflated to its end. (fflate's unzipSync,
//     used before, writes into a buffer of the declared size but keeps decoding the whole
//     stream past it: a second of CPU per GiB a 1 MB zip claims to hold.)
// Errors are ZipFormatError (not a well-formed zip, or an entry we cannot read) or
// ZipSizeError (an entry inflates beyond what it declares); callers word their messages.
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';

export type ZipEntry = {
  name: string;
  /** APPNOTE 4.4.5: 0 stored, 8 deflate; anything else is refused when inflated. */
  method: number;
  /** APPNOTE 4.4.4 bit 0: encrypted. */
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  /** The size the central directory declares once inflated. */
  size: number;
  localHeaderOffset: number;
};

export class ZipFormatError extends Error {}
export class ZipSizeError extends Error {}

/**
 * An entry whose compressed data fits in smallEntryBytes is inflated in one synchronous
 * call: DEFLATE expands at most 1032:1 (a 258-byte match coded in 2 bits, RFC 1951
 * §3.2.5), so it cannot produce more than maxSmallOutputBytes (~1 MiB). A larger one is
 * inflated as a stream of inflateChunkBytes chunks, stopped at the first chunk past its
 * declared size. So no entry is inflated more than maxOvershootBytes past what it declares.
 */
export const smallEntryBytes = 1024;
export const maxSmallOutputBytes = smallEntryBytes * 1032 + 258;
export const inflateChunkBytes = 64 * 1024;
export const maxOvershootBytes = Math.max(maxSmallOutputBytes, inflateChunkBytes);

const EOCD = 0x06054b50; // APPNOTE 4.3.16
const EOCD64_LOCATOR = 0x07064b50; // 4.3.15
const EOCD64 = 0x06064b50; // 4.3.14
const CENTRAL = 0x02014b50; // 4.3.12
const LOCAL = 0x04034b50; // 4.3.7

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });
const decodeName = (bytes: Uint8Array, flags: number) => (flags & 0x800 ? utf8.decode(bytes) : latin1.decode(bytes));

/** The central directory's entries, in its order. Throws ZipFormatError. */
export function listZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const n = view.getBigUint64(at, true);
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('size beyond 2^53');
    return Number(n);
  };
  const within = (at: number, length: number) => {
    if (at < 0 || length < 0 || at + length > zip.length) throw new ZipFormatError('beyond the end of the archive');
  };

  // 4.3.16: the end of central directory record, followed by a comment of at most 64 KiB.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) === zip.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory record');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw new ZipFormatError('a multi-disk archive');
  let count = u16(eocd + 10);
  let directorySize = u32(eocd + 12);
  let directoryOffset = u32(eocd + 16);
  if (u16(eocd + 8) !== count) throw new ZipFormatError('a multi-disk archive');
  // 4.3.15 and 4.4.1.4: ZIP64, where a field of the record is saturated.
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator >= 0 && u32(locator) === EOCD64_LOCATOR) {
      const record = u64(locator + 8);
      within(record, 56);
      if (u32(record) !== EOCD64) throw new ZipFormatError('no ZIP64 end of central directory record');
      count = u64(record + 32);
      directorySize = u64(record + 40);
      directoryOffset = u64(record + 48);
    }
  }
  within(directoryOffset, directorySize);
  const directoryEnd = directoryOffset + directorySize;

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    // 4.3.12: central directory file header, 46 bytes then name, extra field, comment.
    if (at + 46 > directoryEnd || u32(at) !== CENTRAL) throw new ZipFormatError('a broken central directory');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directoryEnd) throw new ZipFormatError('a broken central directory');
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      // 4.4.4 bit 11: the name is UTF-8; otherwise read as Latin-1 (as fflate does).
      name = decodeName(nameBytes, flags);
    } catch {
      throw new ZipFormatError('a name that is not UTF-8');
    }
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localHeaderOffset = u32(at + 42);
    // 4.5.3: the ZIP64 extended information extra field holds, in this order, the fields
    // saturated in the header.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      let field = at + 46 + nameLength;
      const extraEnd = field + extraLength;
      let found = false;
      while (field + 4 <= extraEnd) {
        const id = u16(field);
        const length = u16(field + 2);
        if (field + 4 + length > extraEnd) break;
        if (id === 0x0001) {
          let value = field + 4;
          const take = () => {
            if (value + 8 > field + 4 + length) throw new ZipFormatError('a short ZIP64 extra field');
            const n = u64(value);
            value += 8;
            return n;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
          found = true;
          break;
        }
        field += 4 + length;
      }
      if (!found) throw new ZipFormatError('a saturated size without its ZIP64 extra field');
    }
    entries.push({ name, method: u16(at + 10), encrypted: (flags & 1) === 1, crc: u32(at + 16), compressedSize, size, localHeaderOffset });
    at = next;
  }
  return entries;
}

/**
 * Where an entry's compressed data lies: after its local file header (4.3.7), whose
 * name must be the central directory's (a zip naming one file twice differently is
 * refused), and before the central directory.
 */
export function entryData(zip: Uint8Array, entry: ZipEntry): { start: number; end: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL) throw new ZipFormatError('no local file header');
  const nameLength = view.getUint16(at + 26, true);
  const extraLength = view.getUint16(at + 28, true);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new ZipFormatError('data beyond the end of the archive');
  const flags = view.getUint16(at + 6, true);
  const localName = zip.subarray(at + 30, at + 30 + nameLength);
  let decoded: string;
  try {
    decoded = decodeName(localName, flags);
  } catch {
    throw new ZipFormatError('a name that is not UTF-8');
  }
  if (decoded !== entry.name) throw new ZipFormatError('local and central names differ');
  return { start, end };
}

/**
 * Inflates one entry into a buffer of exactly its declared size; `counter.inflatedBytes`
 * grows by every byte produced. Rejects with ZipSizeError as soon as the entry yields
 * more than it declares (at most maxOvershootBytes past it), with ZipFormatError if it
 * yields less, fails its CRC-32 (4.4.7), is encrypted, corrupt, or compressed otherwise
 * than stored or deflate.
 */
export async function inflateZipEntry(zip: Uint8Array, entry: ZipEntry, counter: { inflatedBytes: number }): Promise<Uint8Array> {
  if (entry.encrypted) throw new ZipFormatError('an encrypted entry');
  const { start, end } = entryData(zip, entry);
  const compressed = zip.subarray(start, end);
  const out = new Uint8Array(entry.size);
  let written = 0;
  const take = (chunk: Uint8Array) => {
    counter.inflatedBytes += chunk.length;
    if (written + chunk.length > entry.size) throw new ZipSizeError('inflates beyond its declared size');
    out.set(chunk, written);
    written += chunk.length;
  };
  if (entry.method === 0) {
    take(compressed);
  } else if (entry.method === 8 && compressed.length <= smallEntryBytes) {
    // Most articles: one native call, which allocates only what it produces.
    let chunk: Uint8Array;
    try {
      chunk = inflateRawSync(compressed, { maxOutputLength: maxSmallOutputBytes });
    } catch {
      throw new ZipFormatError('corrupt deflate data');
    }
    take(chunk);
  } else if (entry.method === 8) {
    await new Promise<void>((resolve, reject) => {
      const inflater = createInflateRaw({ chunkSize: inflateChunkBytes });
      inflater.on('data', (chunk: Buffer) => {
        try {
          take(chunk);
        } catch (error) {
          inflater.destroy(error as Error); // no further chunk is produced
        }
      });
      inflater.on('error', (error) => reject(error instanceof ZipSizeError ? error : new ZipFormatError('corrupt deflate data')));
      inflater.on('end', resolve);
      inflater.end(compressed);
    });
  } else {
    throw new ZipFormatError(`compression method ${entry.method}`);
  }
  if (written !== entry.size) throw new ZipFormatError('shorter than declared');
  if (crc32(out) >>> 0 !== entry.crc) throw new ZipFormatError('CRC-32 mismatch');
  return out;
}
