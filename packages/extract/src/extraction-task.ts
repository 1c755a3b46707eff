import { readFile, stat } from 'node:fs/promises';
import type { DocumentKind } from './document-kind.ts';
import { extractDocument, finishExtraction } from './extract-document.ts';
import { extractPdfWithPoppler, popplerAvailable } from './extract-pdf-with-poppler.ts';
import { ExtractionError, type ExtractionErrorCode } from './extraction-error.ts';
import { megabytes, type Extraction, type ExtractionLimits } from './extraction.ts';

export type ExtractionTask = { path: string; kind: DocumentKind; limits: ExtractionLimits; timeoutMs: number };

/** Errors do not survive the process boundary as classes, so results carry them as data. */
export type ExtractionTaskResult = { ok: true; extraction: Extraction } | { ok: false; code: ExtractionErrorCode; message: string };

/** What an extractor process runs per document (serve-extractions.ts). */
export default async function runExtractionTask(task: ExtractionTask): Promise<ExtractionTaskResult> {
  try {
    const { size } = await stat(task.path);
    if (size > task.limits.maxInputBytes) {
      throw new ExtractionError('too_large', `document is ${megabytes(size)}, over the ${megabytes(task.limits.maxInputBytes)} limit`);
    }
    if (task.kind === 'pdf' && (await popplerAvailable())) {
      const pdf = await extractPdfWithPoppler(task.path, task.limits, task.timeoutMs);
      if (pdf) return { ok: true, extraction: finishExtraction(pdf.text, pdf.pageCount, { ...pdf.metadata, extractor: 'pdftotext' }, task.limits) };
    }
    return { ok: true, extraction: await extractDocument(await readFile(task.path), task.kind, task.limits) };
  } catch (error) {
    if (error instanceof ExtractionError) return { ok: false, code: error.code, message: error.message };
    // A parser throwing on malformed input is the usual cause; keep its first line only.
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    return { ok: false, code: 'corrupt', message: `could not read the ${task.kind.toUpperCase()} document: ${message}` };
  }
}
