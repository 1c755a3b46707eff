import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH, corruptPdf, makeEncryptedPdf, makeInflatingDocx, makePdf } from '../../../test/fixtures/documents.ts';
import { extractorPids, watchExtractors } from '../../../test/support/extractor-processes.ts';
import { extractDocument } from '../src/extract-document.ts';
import { ExtractionError } from '../src/extraction-error.ts';
import { createExtractionPool } from '../src/extraction-pool.ts';
import { DEFAULT_LIMITS } from '../src/extraction.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-pool-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

describe('extraction pool', () => {
  it('extracts in a child process and carries typed errors back across the process boundary', async () => {
    const pool = createExtractionPool({ processes: 2, timeoutMs: 30_000, maxMemoryMb: 256 });
    try {
      const result = await pool.extract({ path: await file('fox.txt', ENGLISH), kind: 'text' });
      expect(result).toMatchObject({ wordCount: 21, language: 'eng' });
      const error = await pool.extract({ path: await file('bad.pdf', corruptPdf()), kind: 'pdf' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExtractionError);
      expect(error).toMatchObject({ code: 'corrupt' });
    } finally {
      await pool.close();
    }
  });

  it('terminates a document that runs past its time limit and keeps serving others', async () => {
    const pool = createExtractionPool({ processes: 1, timeoutMs: 400, maxMemoryMb: 256 });
    try {
      // ~9 MB of HTML: about a second of work for html-to-text, far over the 400 ms budget.
      const slow = await file('slow.html', `<html><body>${'<p>some words in a paragraph <b>bold</b> and <i>italic</i></p>'.repeat(150_000)}</body></html>`);
      const error = await pool.extract({ path: slow, kind: 'html' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'timeout', message: 'processing timed out after 0.4 s' });
      const next = await pool.extract({ path: await file('ok.txt', 'still working fine'), kind: 'text' });
      expect(next.wordCount).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('fails a document that exhausts the heap as out_of_memory, and recovers', async () => {
    const pool = createExtractionPool({ processes: 1, timeoutMs: 60_000, maxMemoryMb: 64 });
    try {
      // 15 MB of text (under the text cap) split into 3 million words: far over a 64 MB heap.
      const huge = await file('huge.txt', 'word '.repeat(3_000_000));
      const error = await pool.extract({ path: huge, kind: 'text' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'out_of_memory', message: 'processing ran out of memory (limit 64 MB)' });
      expect((await pool.extract({ path: await file('small.txt', 'tiny file'), kind: 'text' })).wordCount).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it.skipIf(process.platform !== 'linux')('kills an extractor whose native memory passes the limit (heap untouched) and fails the document as out_of_memory', async () => {
    // An honest DOCX of 400 MB of XML, allowed by a raised decompression limit: inflating it
    // fills buffers outside the JS heap, which --max-old-space-size does not see.
    const pool = createExtractionPool({ processes: 1, timeoutMs: 60_000, maxMemoryMb: 128, limits: { ...DEFAULT_LIMITS, maxDecompressedBytes: 1024 * 1024 * 1024 } });
    try {
      const docx = await file('native.docx', makeInflatingDocx(400));
      const { result: error, peakExtractorMb: peak } = await watchExtractors(() => pool.extract({ path: docx, kind: 'docx' }).catch((e: unknown) => e));
      expect(error).toMatchObject({ code: 'out_of_memory', message: 'processing ran out of memory (limit 128 MB)' });
      // Killed near idle (~100 MB) + 128 MB; unwatched, it inflates all 400 MB and more.
      expect(peak).toBeGreaterThan(128);
      expect(peak).toBeLessThan(330);
      expect((await pool.extract({ path: await file('after.txt', 'still working'), kind: 'text' })).wordCount).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it.skipIf(process.platform !== 'linux')('starts no extractor before the first document, then reuses one across documents, and leaves none behind', async () => {
    const before = extractorPids();
    const pool = createExtractionPool({ processes: 2, timeoutMs: 30_000, maxMemoryMb: 256 });
    try {
      expect(extractorPids()).toEqual(before);
      const text = await file('reuse.txt', ENGLISH);
      await pool.extract({ path: text, kind: 'text' });
      const started = extractorPids().filter((pid) => !before.includes(pid));
      expect(started).toHaveLength(1);
      for (let i = 0; i < 5; i++) await pool.extract({ path: text, kind: 'text' });
      expect(extractorPids().filter((pid) => !before.includes(pid))).toEqual(started);
    } finally {
      await pool.close();
    }
    expect(extractorPids()).toEqual(before);
  });

  it('fails a document whose extractor crashes with a readable reason, and the next document gets a new extractor', async () => {
    const pool = createExtractionPool({ processes: 1, timeoutMs: 30_000, maxMemoryMb: 256 });
    try {
      await pool.extract({ path: await file('warm.txt', 'warm up'), kind: 'text' });
      const [pid] = extractorPids();
      const slow = await file('crash.html', `<html><body>${'<p>words <b>bold</b></p>'.repeat(400_000)}</body></html>`);
      const pending = pool.extract({ path: slow, kind: 'html' }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 100));
      process.kill(pid!, 'SIGSEGV');
      expect(await pending).toMatchObject({ code: 'crashed', message: 'the extractor crashed while reading this document (SIGSEGV)' });
      expect((await pool.extract({ path: await file('next.txt', 'next document'), kind: 'text' })).wordCount).toBe(2);
      expect(extractorPids()).not.toContain(pid);
    } finally {
      await pool.close();
    }
  });
});

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('pdftotext fast path (poppler installed)', () => {
  it('gives the same pages, words and text as pdf.js, and the same errors', async () => {
    const pool = createExtractionPool({ processes: 1, timeoutMs: 30_000, maxMemoryMb: 256 });
    try {
      const pdf = makePdf(['Alpha page one', 'Beta page two', 'Gamma page three']);
      const viaPoppler = await pool.extract({ path: await file('three.pdf', pdf), kind: 'pdf' });
      const viaPdfJs = await extractDocument(pdf, 'pdf');
      expect(viaPoppler.metadata.extractor).toBe('pdftotext');
      expect(viaPdfJs.metadata.extractor).toBe('pdf.js');
      expect({ ...viaPoppler, metadata: undefined }).toEqual({ ...viaPdfJs, metadata: undefined });

      const encrypted = await pool.extract({ path: await file('locked.pdf', makeEncryptedPdf()), kind: 'pdf' }).catch((e: unknown) => e);
      expect(encrypted).toMatchObject({ code: 'encrypted', message: 'encrypted PDF: a password is required' });
      const corrupt = await pool.extract({ path: await file('broken.pdf', corruptPdf()), kind: 'pdf' }).catch((e: unknown) => e);
      expect(corrupt).toMatchObject({ code: 'corrupt', message: 'not a valid PDF: the file is truncated or corrupt' });
    } finally {
      await pool.close();
    }
  });
});

describe('without poppler', () => {
  it('falls back to pdf.js for PDFs', async () => {
    // Commands named like poppler's that fail as a missing command would, first on the extractor's PATH.
    const shims = path.join(dir, 'no-poppler');
    await mkdir(shims, { recursive: true });
    for (const command of ['pdftotext', 'pdfinfo']) await writeFile(path.join(shims, command), '#!/bin/sh\nexit 127\n', { mode: 0o755 });
    const pathBefore = process.env.PATH;
    process.env.PATH = `${shims}:${pathBefore}`;
    const pool = createExtractionPool({ processes: 1, timeoutMs: 30_000, maxMemoryMb: 256 });
    try {
      const result = await pool.extract({ path: await file('fallback.pdf', makePdf(['Alpha page', 'Beta page'])), kind: 'pdf' });
      expect(result).toMatchObject({ pageCount: 2, wordCount: 4, metadata: { extractor: 'pdf.js' } });
    } finally {
      process.env.PATH = pathBefore;
      await pool.close();
    }
  });
});
