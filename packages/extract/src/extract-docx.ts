import mammoth from 'mammoth';
import { ExtractionError } from './extraction-error.ts';
import { megabytes, type ExtractionLimits } from './extraction.ts';

/** An entry that inflates more than this much, and to more than a few MB, is a bomb. */
const MAX_RATIO = 200;
const RATIO_FLOOR_BYTES = 5 * 1024 * 1024;

/**
 * Raw text of a DOCX with mammoth — after checking the ZIP's central directory, because
 * a small file declaring a 200 MB document.xml took the whole process down when handed to
 * the ZIP library directly.
 */
export async function extractDocx(bytes: Uint8Array, limits: ExtractionLimits): Promise<string> {
  checkZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return value.trim();
  } catch (error) {
    throw new ExtractionError('corrupt', `not a valid DOCX: ${String((error as Error).message ?? error).split('\n')[0]}`);
  }
}

type ZipEntry = { name: string; compressed: number; uncompressed: number };

function checkZip(zip: Buffer, limits: ExtractionLimits): void {
  const entries = readCentralDirectory(zip);
  if (!entries.some((entry) => entry.name === 'word/document.xml')) {
    throw new ExtractionError('corrupt', 'not a valid DOCX: word/document.xml is missing');
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressed;
    if (entry.uncompressed > RATIO_FLOOR_BYTES && entry.uncompressed > entry.compressed * MAX_RATIO) {
      throw new ExtractionError('too_large', `DOCX part ${entry.name} inflates to ${megabytes(entry.uncompressed)} from ${megabytes(entry.compressed)} (a compression bomb?)`);
    }
  }
  if (total > limits.maxDecompressedBytes) {
    throw new ExtractionError('too_large', `DOCX is too large when decompressed (${megabytes(total)} > ${megabytes(limits.maxDecompressedBytes)} limit)`);
  }
}

function readCentralDirectory(zip: Buffer): ZipEntry[] {
  const corrupt = () => new ExtractionError('corrupt', 'not a valid DOCX: the ZIP structure is damaged');
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
    const compressed = zip.readUInt32LE(offset + 20);
    const uncompressed = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) {
      throw new ExtractionError('too_large', `DOCX part ${name} is over 4 GB`);
    }
    entries.push({ name, compressed, uncompressed });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
