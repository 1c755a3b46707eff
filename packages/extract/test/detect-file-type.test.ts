import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDocx, makePdf, makeZip, pngBytes } from '../../../test/fixtures/documents.ts';
import { detectFileType, SNIFF_BYTES } from '../src/detect-file-type.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sniffed from disk, and — for a file small enough to be kept while it was received — from memory, which must agree. */
async function detect(name: string, content: string | Buffer) {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}`);
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  await writeFile(file, bytes);
  const fromDisk = await detectFileType(file, name);
  if (bytes.length <= SNIFF_BYTES) expect(await detectFileType(file, name, bytes)).toEqual(fromDisk);
  return fromDisk;
}

describe('detectFileType', () => {
  it('recognises PDF, DOCX and HTML by their bytes', async () => {
    expect(await detect('a.pdf', makePdf(['x']))).toEqual({ kind: 'pdf', mimeType: 'application/pdf' });
    expect(await detect('a.docx', makeDocx(['x']))).toEqual({ kind: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(await detect('page.txt', '\n  <!DOCTYPE html><html><body>hi</body></html>')).toEqual({ kind: 'html', mimeType: 'text/html' });
    expect(await detect('page', '<html lang="en"><p>x</p></html>')).toEqual({ kind: 'html', mimeType: 'text/html' });
  });

  it('ignores a misleading name', async () => {
    expect((await detect('notes.txt', makePdf(['x'])))?.kind).toBe('pdf');
    expect(await detect('photo.pdf', pngBytes())).toBeNull();
    expect(await detect('letter.docx', makeZip({ 'readme.txt': 'not a docx' }))).toBeNull();
  });

  it('recognises text in UTF-8, UTF-16 with a BOM and Latin-1, flavoured by extension', async () => {
    expect(await detect('a.txt', 'plain ünïcode text')).toEqual({ kind: 'text', mimeType: 'text/plain' });
    expect(await detect('a.md', '# Title')).toEqual({ kind: 'text', mimeType: 'text/markdown' });
    expect(await detect('a.CSV', 'a,b\n1,2\n')).toEqual({ kind: 'text', mimeType: 'text/csv' });
    expect((await detect('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello', 'utf16le')])))?.kind).toBe('text');
    expect((await detect('utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('hello', 'utf16le').swap16()])))?.kind).toBe('text');
    expect((await detect('latin1.txt', Buffer.from('café crème', 'latin1')))?.kind).toBe('text');
  });

  it('accepts an empty file as text (it then fails as an empty document)', async () => {
    expect(await detect('empty.txt', '')).toEqual({ kind: 'text', mimeType: 'text/plain' });
  });

  it('rejects binary data', async () => {
    expect(await detect('data.txt', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0x00]))).toBeNull();
    expect(await detect('program', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]))).toBeNull();
  });

  it('does not call a long UTF-8 file binary because a character straddles the sniffed head', async () => {
    const text = `${'a'.repeat(64 * 1024 - 1)}é and more`;
    expect((await detect('long.txt', text))?.kind).toBe('text');
  });
});
