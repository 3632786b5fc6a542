// Zips a folder in memory with fflate (the library the server reads uploads with), as
// an editor would before uploading a guide package: entries at the zip's root, or under
// one top folder (`prefix`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';

export function zipFolder(folder: string, options: { prefix?: string; extra?: Record<string, Uint8Array | string> } = {}): Buffer {
  const entries: Zippable = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(folder, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile()) entries[`${options.prefix ?? ''}${rel}`] = readFileSync(path.join(folder, rel));
    }
  };
  walk('');
  for (const [name, data] of Object.entries(options.extra ?? {})) entries[name] = typeof data === 'string' ? Buffer.from(data) : data;
  // Level 1: the tests zip the 4,258-file edition several times; size matters less here.
  return Buffer.from(zipSync(entries, { level: 1 }));
}

/** A zip of the given entries (name → content), in that order. */
export function zipEntries(entries: Record<string, Uint8Array | string>, level: 0 | 1 | 6 = 6): Buffer {
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(entries)) zippable[name] = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.from(zipSync(zippable, { level }));
}
