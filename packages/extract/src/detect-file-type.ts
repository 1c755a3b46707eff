import { open } from 'node:fs/promises';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { DOCX_MIME, HTML_MIME, PDF_MIME, type DetectedType } from './document-kind.ts';

/** How much of a file the sniffing reads; a file no longer than this is sniffed from memory when the caller kept it. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Sniffs a file on disk from its bytes, never from its name or the client's content type.
 * Returns null for anything Docket does not process. The name only picks the flavour of
 * text (Markdown, CSV) once the bytes say it is text. An empty file counts as text: it is
 * accepted and then fails as an empty document, which tells the user more than a 415.
 * `content` is the whole file when the caller kept it while writing it (at most SNIFF_BYTES):
 * then the file is not opened again (two opens and reads fewer per small upload).
 */
export async function detectFileType(path: string, filename: string, content?: Uint8Array): Promise<DetectedType | null> {
  const head = content ?? (await readHead(path));
  if (hasUtf16Bom(head)) return textType(filename); // file-type calls UTF-16 text "mp1" audio

  const sniffed = content ? await fileTypeFromBuffer(content) : await fileTypeFromFile(path);
  if (sniffed?.mime === PDF_MIME || startsPdf(head)) return { kind: 'pdf', mimeType: PDF_MIME };
  if (sniffed?.ext === 'docx') return { kind: 'docx', mimeType: DOCX_MIME };
  if (!looksLikeText(head)) return null;
  if (looksLikeHtml(head)) return { kind: 'html', mimeType: HTML_MIME };
  return textType(filename);
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function textType(filename: string): DetectedType {
  const extension = filename.toLowerCase().split('.').pop();
  if (extension === 'md' || extension === 'markdown') return { kind: 'text', mimeType: 'text/markdown' };
  if (extension === 'csv') return { kind: 'text', mimeType: 'text/csv' };
  return { kind: 'text', mimeType: 'text/plain' };
}

const hasUtf16Bom = (head: Uint8Array) => (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);

/** PDF readers accept up to 1 KB of junk before the header. */
const startsPdf = (head: Uint8Array) => Buffer.from(head.subarray(0, 1024)).includes('%PDF-');

/**
 * Text by its bytes: valid UTF-8 without NUL, or Latin-1 — not UTF-8 but free of control
 * characters other than tab, newline, carriage return and form feed.
 */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  // A multi-byte character cut by the end of the head is not a reason to call it binary.
  const body = head.length === SNIFF_BYTES ? head.subarray(0, trimPartialUtf8(head)) : head;
  // Native scans first (every upload passes here); the byte loop only for what is not UTF-8.
  if (body.includes(0)) return false;
  try {
    strictUtf8.decode(body);
    return true;
  } catch {
    return !body.some((byte) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function trimPartialUtf8(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0xc0) return end - back; // a lead byte whose continuation was cut
    if ((byte & 0xc0) !== 0x80) break;
  }
  return end;
}

function looksLikeHtml(head: Uint8Array): boolean {
  const start = Buffer.from(head.subarray(0, 1024)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<!--') && start.includes('<html'));
}
