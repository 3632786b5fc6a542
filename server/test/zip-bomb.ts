// Zips whose headers lie, for the tests and the benchmark: each entry's data is the
// DEFLATE of its real content (Node's zlib), its CRC-32 that of the real content, and
// its declared size whatever the caller says — the outside review's zip bomb declared
// 100 B per entry for entries inflating to 85 MiB each (issue 15, finding 6).
import { crc32, deflateRawSync } from 'node:zlib';

export type LyingEntry = { name: string; data: Uint8Array | string; declaredSize?: number };

/** A zip (APPNOTE 4.3.7, 4.3.12, 4.3.16) of the entries, in order, deflated at level 1. */
export function zipWithDeclaredSizes(entries: LyingEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data;
    const compressed = deflateRawSync(data, { level: 1 });
    const name = Buffer.from(e.name);
    const crc = crc32(data) >>> 0;
    const size = e.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0, deflate
    local.writeUInt16LE(0x800, 6); // UTF-8 name
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directorySize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** A guide package whose one article is `inflatedBytes` zeros declared as `declaredSize` bytes. */
export function zipBomb(options: { inflatedBytes: number; declaredSize: number; name?: string }): Buffer {
  return zipWithDeclaredSizes([
    { name: 'manifest.json', data: JSON.stringify({ kind: 'edition', published: '2016-01-01', files: 1, articles: 1 }) },
    { name: options.name ?? 'texts/code/article-1.md', data: new Uint8Array(options.inflatedBytes), declaredSize: options.declaredSize },
  ]);
}
