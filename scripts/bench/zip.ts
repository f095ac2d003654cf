import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { unzipSync } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** The files of a zip archive, directories left out. */
export function readZip(zip: Buffer): ZipEntry[] {
  return Object.entries(unzipSync(zip))
    .filter(([name]) => !name.endsWith('/'))
    .map(([name, data]) => ({ name, data: Buffer.from(data) }));
}

/** Unzips `zipPath` into `directory`; returns the total unzipped size in bytes. */
export function extractZip(zipPath: string, directory: string): number {
  let bytes = 0;
  for (const entry of readZip(readFileSync(zipPath))) {
    const target = join(directory, normalize(entry.name));
    if (!target.startsWith(directory)) throw new Error(`Zip entry escapes the target directory: ${entry.name}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
    bytes += entry.data.length;
  }
  return bytes;
}
