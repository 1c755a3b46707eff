import { crc32, inflateRawSync } from 'node:zlib';
import { ExtractionError } from './extraction-error.ts';
import { megabytes } from './extraction.ts';

/** One file of a ZIP as its central directory describes it. Every number is the writer's claim. */
export type ZipEntry = {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

const corrupt = (why = 'the ZIP structure is damaged') => new ExtractionError('corrupt', `not a valid DOCX: ${why}`);

/**
 * The entries of a ZIP's central directory. Cheap (no inflation), and nothing in it is
 * trusted beyond its structure: sizes are claims that `inflateZipEntry` holds the data to.
 */
export function readZipEntries(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record sits in the last 22 bytes plus any comment (≤ 64 KB).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw corrupt();
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    throw new ExtractionError('too_large', 'DOCX uses ZIP64 (over 4 GB or 65,535 parts); too large to process');
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) throw corrupt();
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const entry: ZipEntry = {
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      flags: zip.readUInt16LE(offset + 8),
      method: zip.readUInt16LE(offset + 10),
      crc32: zip.readUInt32LE(offset + 16),
      compressedSize: zip.readUInt32LE(offset + 20),
      uncompressedSize: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw new ExtractionError('too_large', `DOCX part ${entry.name} is over 4 GB`);
    }
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The bytes of one entry, inflated with zlib's output capped at the size the entry
 * declares: a part that inflates to more is stopped at that many bytes (a lying
 * compression bomb costs at most its declared size), and the result must match the
 * declared size and CRC exactly. Callers bound the sum of declared sizes before inflating.
 */
export function inflateZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw corrupt();
  if (entry.flags & 0x1) throw new ExtractionError('encrypted', `encrypted DOCX: part ${entry.name} needs a password`);
  // The local header's own name and extra lengths say where the data starts; its sizes may be zero (data descriptor).
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const compressed = zip.subarray(start, start + entry.compressedSize);
  if (compressed.length !== entry.compressedSize) throw corrupt();

  let data: Buffer;
  if (entry.method === 0) {
    data = compressed;
  } else if (entry.method === 8) {
    try {
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ExtractionError('too_large', `DOCX part ${entry.name} inflates to more than the ${megabytes(entry.uncompressedSize)} it declares (a compression bomb?)`);
      }
      throw corrupt(`part ${entry.name} is not valid compressed data`);
    }
  } else {
    throw corrupt(`part ${entry.name} uses an unsupported compression method (${entry.method})`);
  }
  if (data.length !== entry.uncompressedSize) {
    throw entry.uncompressedSize < data.length
      ? new ExtractionError('too_large', `DOCX part ${entry.name} inflates to more than the ${megabytes(entry.uncompressedSize)} it declares (a compression bomb?)`)
      : corrupt(`part ${entry.name} is shorter than it declares`);
  }
  if (crc32(data) !== entry.crc32) throw corrupt(`part ${entry.name} fails its checksum`);
  return data;
}

/** An entry to write: its bytes as they go into the ZIP, and what its headers declare. */
export type ZipEntryBytes = { name: string; data: Buffer; method: 0 | 8; crc32: number; uncompressedSize: number };

/**
 * A ZIP of the given entries, headers written exactly as given. Docket writes stored
 * (method 0), already-checked parts with it, to hand them to a ZIP reader that would
 * otherwise inflate (and trust) the original again.
 */
export function writeZip(entries: ZipEntryBytes[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc32, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.crc32, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.uncompressedSize, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, entry.data);
    central.push(header, name);
    offset += local.length + name.length + entry.data.length;
  }
  const centralSize = central.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
