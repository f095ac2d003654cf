import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function endOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset -= 1) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('Not a zip file: no end of central directory record');
}

function entryData(zip: Buffer, localOffset: number, method: number, compressedSize: number): Buffer {
  if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) throw new Error('Corrupt zip: bad local header');
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const raw = zip.subarray(start, start + compressedSize);
  if (method === 0) return Buffer.from(raw);
  if (method === 8) return inflateRawSync(raw);
  throw new Error(`Unsupported zip compression method ${method}`);
}

/** The files of a zip archive (stored or deflated, no zip64), directories left out. */
export function readZip(zip: Buffer): ZipEntry[] {
  const end = endOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error('Corrupt zip: bad central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (!name.endsWith('/')) entries.push({ name, data: entryData(zip, localOffset, method, compressedSize) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
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
