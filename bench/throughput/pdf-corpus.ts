import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createExtractionPool } from '@docket/extract/extraction-pool';
import { makePdf } from '../../test/fixtures/documents.ts';

const run = promisify(execFile);
/**
 * PDFs the worker extracts before the PDF row's clock runs (another user's, so they are not
 * counted): its extractor processes started and warm, as the baselines' are (the pool is
 * started before its clock, pdftotext is the best of 3 rounds). A worker's extractors start on
 * its first documents, once; in a 100-document row that start was a quarter of the time.
 */
export const PDF_WARM_UP_FILES = 16;

const SENTENCE = 'Quarterly report: revenue grew while costs fell, and the committee approved the plan for next year.';

/** `files` text-layer PDFs of `pages` pages (one line of text each, different in every file), written to `dir`. */
export async function writePdfCorpus(dir: string, options: { files: number; pages: number }): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < options.files; i++) {
    const file = path.join(dir, `report-${i}.pdf`);
    await writeFile(file, makePdf(Array.from({ length: options.pages }, (_, page) => `File ${i}, page ${page + 1}. ${SENTENCE}`)));
    paths.push(file);
  }
  return paths;
}

/** Submits every file as a single-file job (POST /api/jobs), `concurrency` at a time; every answer must be 202. */
export async function submitFiles(base: string, token: string, files: string[], concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) {
        const file = files[next++]!;
        const form = new FormData();
        form.append('files', new Blob([await readFile(file)], { type: 'application/pdf' }), path.basename(file));
        const reply = await fetch(`${base}/api/jobs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        if (reply.status !== 202) throw new Error(`submitting ${file}: ${reply.status} ${await reply.text()}`);
      }
    }),
  );
}

/**
 * The baseline: poppler's `pdftotext` CLI run directly on the files, `parallel` at a time
 * (the text to stdout, as Docket's fast path reads it); the best of `rounds` runs, in
 * files per second.
 */
export function measurePdftotext(files: string[], options: { parallel: number; rounds: number }): Promise<number> {
  return bestFilesPerSecond(files, options, (file) => run('pdftotext', [file, '-'], { maxBuffer: 64 * 1024 * 1024 }));
}

/**
 * Docket's extraction alone, without the database: the files through an extraction pool of
 * `parallel` extractor processes (as a worker with that concurrency has), started before the
 * clock runs; the best of `rounds` runs, in files per second.
 */
export async function measureExtractionPool(files: string[], options: { parallel: number; rounds: number }): Promise<number> {
  const pool = createExtractionPool({ processes: options.parallel, timeoutMs: 60_000, maxMemoryMb: 512 });
  try {
    await Promise.all(files.slice(0, options.parallel).map((file) => pool.extract({ path: file, kind: 'pdf' })));
    return await bestFilesPerSecond(files, options, (file) => pool.extract({ path: file, kind: 'pdf' }));
  } finally {
    await pool.close();
  }
}

async function bestFilesPerSecond(files: string[], options: { parallel: number; rounds: number }, work: (file: string) => Promise<unknown>): Promise<number> {
  let best = 0;
  for (let round = 0; round < options.rounds; round++) {
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: options.parallel }, async () => {
        while (next < files.length) await work(files[next++]!);
      }),
    );
    best = Math.max(best, files.length / ((performance.now() - began) / 1000));
  }
  return best;
}
