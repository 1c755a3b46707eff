import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH, corruptPdf, makeEncryptedPdf, makePdf } from '../../../test/fixtures/documents.ts';
import { extractDocument } from '../src/extract-document.ts';
import { ExtractionError } from '../src/extraction-error.ts';
import { createExtractionPool } from '../src/extraction-pool.ts';

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
  it('extracts in a worker thread and carries typed errors back across the thread boundary', async () => {
    const pool = createExtractionPool({ threads: 2, timeoutMs: 30_000, maxMemoryMb: 256 });
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
    const pool = createExtractionPool({ threads: 1, timeoutMs: 400, maxMemoryMb: 256 });
    try {
      // ~9 MB of HTML: about a second of work for html-to-text, far over the 400 ms budget.
      const slow = await file('slow.html', `<html><body>${'<p>some words in a paragraph <b>bold</b> and <i>italic</i></p>'.repeat(150_000)}</body></html>`);
      const error = await pool.extract({ path: slow, kind: 'html' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'timeout', message: 'processing timed out after 0.4 s' });
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // the replacement thread boots
      const next = await pool.extract({ path: await file('ok.txt', 'still working fine'), kind: 'text' });
      expect(next.wordCount).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('fails a document that exhausts the thread heap as out_of_memory, and recovers', async () => {
    const pool = createExtractionPool({ threads: 1, timeoutMs: 60_000, maxMemoryMb: 64 });
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
});

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('pdftotext fast path (poppler installed)', () => {
  it('gives the same pages, words and text as pdf.js, and the same errors', async () => {
    const pool = createExtractionPool({ threads: 1, timeoutMs: 30_000, maxMemoryMb: 256 });
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
