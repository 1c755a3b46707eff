import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corruptPdf, makeEncryptedPdf, makePdf } from '../../../test/fixtures/documents.ts';
import { extractPdfWithPoppler } from '../src/extract-pdf-with-poppler.ts';
import { extractPdf } from '../src/extract-pdf.ts';
import { DEFAULT_LIMITS } from '../src/extraction.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-poppler-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: Buffer): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

const extract = (target: string, limits = DEFAULT_LIMITS) => extractPdfWithPoppler(target, limits, 30_000);

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('extractPdfWithPoppler', () => {
  it('gives the text, pages and document information pdf.js gives, markup-like text included', async () => {
    const pdf = makePdf(['Alpha <b> & "q" </pre> page', 'Gamma page'], { title: 'A <Title> & Co', author: 'Jane Doe' });
    const viaPoppler = await extract(await file('meta.pdf', pdf));
    expect(viaPoppler).toEqual({ ...(await extractPdf(pdf, DEFAULT_LIMITS)), metadata: { title: 'A <Title> & Co', author: 'Jane Doe', producer: null } });
  });

  it('counts pages without text', async () => {
    expect(await extract(await file('gap.pdf', makePdf(['Alpha', '', 'Gamma', ''])))).toMatchObject({ text: 'Alpha\n\nGamma', pageCount: 4 });
  });

  it('fails a PDF over the page cap with its exact page count, and takes one at the cap', async () => {
    const target = await file('five.pdf', makePdf(['a', 'b', 'c', 'd', 'e']));
    await expect(extract(target, { ...DEFAULT_LIMITS, maxPages: 2 })).rejects.toMatchObject({ code: 'too_large', message: 'PDF has 5 pages, over the 2-page limit' });
    expect((await extract(target, { ...DEFAULT_LIMITS, maxPages: 5 }))?.pageCount).toBe(5);
  });

  it('stops reading output past the text cap and fails the document as too large', async () => {
    const line = 'x'.repeat(1000);
    const target = await file('long.pdf', makePdf(Array.from({ length: 300 }, () => line)));
    await expect(extract(target, { ...DEFAULT_LIMITS, maxTextChars: 1000 })).rejects.toMatchObject({
      code: 'too_large',
      message: 'document holds more than 1,000 characters of text, over the limit',
    });
  });

  it('fails a PDF without a text layer as empty, an encrypted one as encrypted, and leaves a corrupt one to pdf.js', async () => {
    await expect(extract(await file('blank.pdf', makePdf(['', ''])))).rejects.toMatchObject({ code: 'empty', message: expect.stringContaining('the PDF has 2 pages but no extractable text') });
    await expect(extract(await file('locked.pdf', makeEncryptedPdf()))).rejects.toMatchObject({ code: 'encrypted', message: 'encrypted PDF: a password is required' });
    expect(await extract(await file('broken.pdf', corruptPdf()))).toBeNull();
  });

  it('runs one poppler process per PDF, and pdfinfo only for one over the page cap', async () => {
    // Poppler's commands behind shims on PATH that log each run and hand over to the real ones.
    const shims = path.join(dir, 'bin');
    const log = path.join(dir, 'runs.log');
    await rm(shims, { recursive: true, force: true });
    await mkdir(shims);
    for (const command of ['pdftotext', 'pdfinfo']) {
      await writeFile(path.join(shims, command), `#!/bin/sh\necho ${command} >> '${log}'\nexec /usr/bin/${command} "$@"\n`);
      await chmod(path.join(shims, command), 0o755);
    }
    const target = await file('runs.pdf', makePdf(['one', 'two', 'three']));
    const pathBefore = process.env.PATH;
    process.env.PATH = `${shims}:${pathBefore}`;
    try {
      await extract(target);
      expect((await readFile(log, 'utf8')).split('\n').filter(Boolean)).toEqual(['pdftotext']);
      await extract(target, { ...DEFAULT_LIMITS, maxPages: 1 }).catch(() => undefined);
      expect((await readFile(log, 'utf8')).split('\n').filter(Boolean)).toEqual(['pdftotext', 'pdftotext', 'pdfinfo']);
    } finally {
      process.env.PATH = pathBefore;
    }
  });
});
