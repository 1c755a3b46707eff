import { execFile } from 'node:child_process';
import { ExtractionError } from './extraction-error.ts';
import type { ExtractionLimits } from './extraction.ts';
import type { PdfContent } from './extract-pdf.ts';

let available: Promise<boolean> | undefined;

/** Whether poppler's pdftotext and pdfinfo are installed (checked once per thread). */
export function popplerAvailable(): Promise<boolean> {
  available ??= Promise.all([run('pdftotext', ['-v'], 5_000), run('pdfinfo', ['-v'], 5_000)]).then(
    () => true,
    () => false,
  );
  return available;
}

/**
 * The fast path for PDFs: poppler is ~5× faster than pdf.js here (docs/design.md#extraction).
 * Returns null when poppler cannot read the file, so pdf.js gets to classify the problem
 * (corrupt, truncated…) with its more precise errors. The child gets the same time budget
 * as the thread and is killed with it: a terminated thread must not leave it running.
 */
export async function extractPdfWithPoppler(path: string, limits: ExtractionLimits, timeoutMs: number): Promise<PdfContent | null> {
  let info: string;
  try {
    info = await run('pdfinfo', ['-enc', 'UTF-8', path], timeoutMs);
  } catch (error) {
    if (/incorrect password/i.test(String((error as Error).message))) throw new ExtractionError('encrypted', 'encrypted PDF: a password is required');
    return null;
  }
  const pageCount = Number(info.match(/^Pages:\s+(\d+)/m)?.[1] ?? NaN);
  if (!Number.isFinite(pageCount)) return null;
  if (pageCount > limits.maxPages) throw new ExtractionError('too_large', `PDF has ${pageCount} pages, over the ${limits.maxPages}-page limit`);

  let output: string;
  try {
    output = await run('pdftotext', ['-enc', 'UTF-8', '-eol', 'unix', path, '-'], timeoutMs, limits.maxTextChars * 4);
  } catch {
    return null;
  }
  const text = output
    .split('\f')
    .map((page) => page.trim())
    .filter(Boolean)
    .join('\n\n');
  if (text === '') {
    throw new ExtractionError('empty', `no text layer found: the PDF has ${pageCount} page${pageCount === 1 ? '' : 's'} but no extractable text (a scanned PDF?)`);
  }
  const field = (name: string) => info.match(new RegExp(`^${name}:\\s+(.+)$`, 'm'))?.[1]?.trim() || null;
  return { text, pageCount, metadata: { title: field('Title'), author: field('Author'), producer: field('Producer') } };
}

function run(command: string, args: string[], timeoutMs: number, maxBuffer = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
