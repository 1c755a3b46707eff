import { ExtractionError } from './extraction-error.ts';
import { megabytes, type ExtractionLimits } from './extraction.ts';
import { inflateZipEntry, readZipEntries, writeZip } from './zip-entries.ts';

/** What mammoth reads for raw text: the XML parts and their relationships, never media. */
const TEXT_PART = /\.(xml|rels)$/i;

/**
 * Raw text of a DOCX with mammoth. The ZIP is never handed to mammoth as uploaded: its XML
 * parts are inflated here first, each capped at the size it declares, with the declared
 * sizes summed against the limit beforehand — so a part that lies about its size (a small
 * file whose document.xml inflates to gigabytes) is stopped after its declared bytes.
 * Mammoth then gets those checked parts, stored uncompressed, and inflates nothing.
 */
export async function extractDocx(bytes: Uint8Array, limits: ExtractionLimits): Promise<string> {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readZipEntries(zip).filter((entry) => TEXT_PART.test(entry.name));
  if (!entries.some((entry) => entry.name === 'word/document.xml')) {
    throw new ExtractionError('corrupt', 'not a valid DOCX: word/document.xml is missing');
  }
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > limits.maxDecompressedBytes) {
    throw new ExtractionError('too_large', `DOCX is too large when decompressed (${megabytes(declared)} > ${megabytes(limits.maxDecompressedBytes)} limit)`);
  }
  const checked = writeZip(
    entries.map((entry) => ({ name: entry.name, data: inflateZipEntry(zip, entry), method: 0, crc32: entry.crc32, uncompressedSize: entry.uncompressedSize })),
  );
  try {
    // Loaded on first use, not when an extractor starts: loading mammoth takes 60–250 ms here.
    const { default: mammoth } = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: checked });
    return value.trim();
  } catch (error) {
    throw new ExtractionError('corrupt', `not a valid DOCX: ${String((error as Error).message ?? error).split('\n')[0]}`);
  }
}
