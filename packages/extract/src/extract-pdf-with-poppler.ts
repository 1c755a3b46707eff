import { execFile, spawn } from 'node:child_process';
import { ExtractionError } from './extraction-error.ts';
import type { ExtractionLimits } from './extraction.ts';
import type { PdfContent } from './extract-pdf.ts';
import { parsePdftotextOutput } from './parse-pdftotext-output.ts';

let available: Promise<boolean> | undefined;

/** Whether poppler's pdftotext and pdfinfo are installed (checked once per process). */
export function popplerAvailable(): Promise<boolean> {
  available ??= Promise.all([run('pdftotext', ['-v'], 5_000), run('pdfinfo', ['-v'], 5_000)]).then(
    () => true,
    () => false,
  );
  return available;
}

/** Bytes of output that surely hold more than `maxTextChars` characters: UTF-8 takes at most 4 bytes a character. */
const outputCap = (limits: ExtractionLimits) => limits.maxTextChars * 4 + 16 * 1024;

/**
 * The fast path for PDFs: poppler is ~5× faster than pdf.js here (docs/design.md#extraction).
 * One `pdftotext -htmlmeta` process per PDF gives text, page count (a form feed after every
 * page) and document information; it reads at most one page past the cap, which is enough to
 * know a PDF is over it (only then does `pdfinfo` count the pages, for the message). Its
 * output is collected up to the text cap and the process killed past it. Returns null when
 * poppler cannot read the file, so pdf.js gets to classify the problem (corrupt, truncated…)
 * with its more precise errors. The child gets the same time budget as the extractor and is
 * killed with it: a killed extractor must not leave it running.
 */
export async function extractPdfWithPoppler(path: string, limits: ExtractionLimits, timeoutMs: number): Promise<PdfContent | null> {
  const args = ['-htmlmeta', '-enc', 'UTF-8', '-eol', 'unix', '-l', String(limits.maxPages + 1), path, '-'];
  const result = await runCapped('pdftotext', args, timeoutMs, outputCap(limits));
  if (result.kind === 'over_cap') {
    throw new ExtractionError('too_large', `document holds more than ${limits.maxTextChars.toLocaleString('en')} characters of text, over the limit`);
  }
  if (result.kind === 'failed') {
    if (/incorrect password/i.test(result.stderr)) throw new ExtractionError('encrypted', 'encrypted PDF: a password is required');
    return null;
  }
  const output = parsePdftotextOutput(result.stdout);
  if (!output || output.pages.length === 0) return null;
  let pageCount = output.pages.length;
  if (pageCount > limits.maxPages) {
    pageCount = (await countPages(path, timeoutMs)) ?? pageCount;
    if (pageCount > limits.maxPages) throw new ExtractionError('too_large', `PDF has ${pageCount} pages, over the ${limits.maxPages}-page limit`);
  }
  const text = output.pages
    .map((page) => page.trim())
    .filter(Boolean)
    .join('\n\n');
  if (text === '') {
    throw new ExtractionError('empty', `no text layer found: the PDF has ${pageCount} page${pageCount === 1 ? '' : 's'} but no extractable text (a scanned PDF?)`);
  }
  return { text, pageCount, metadata: output.metadata };
}

/** The exact page count from `pdfinfo`, for a PDF already known to be over the cap; null if it cannot tell. */
async function countPages(path: string, timeoutMs: number): Promise<number | null> {
  const info = await run('pdfinfo', [path], timeoutMs).catch(() => '');
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1] ?? NaN);
  return Number.isFinite(pages) ? pages : null;
}

type CappedRun = { kind: 'done'; stdout: string } | { kind: 'failed'; stderr: string } | { kind: 'over_cap' };

/**
 * Runs `command`, collecting stdout as it comes and killing the process once it passes
 * `capBytes` (execFile's maxBuffer would make that a failure like any other: it must be told
 * apart from an unreadable file). Decodes once, at the end.
 */
function runCapped(command: string, args: string[], timeoutMs: number, capBytes: number): Promise<CappedRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let overCap = false;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (overCap) return;
      bytes += chunk.length;
      if (bytes > capBytes) {
        overCap = true;
        chunks.length = 0;
        child.kill('SIGKILL');
      } else chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 8192) stderr += chunk;
    });
    child.once('error', (error) => resolve({ kind: 'failed', stderr: error.message }));
    child.once('close', (code, signal) => {
      if (overCap) resolve({ kind: 'over_cap' });
      else if (code === 0) resolve({ kind: 'done', stdout: Buffer.concat(chunks, bytes).toString('utf8') });
      else resolve({ kind: 'failed', stderr: stderr || `${command}: ${signal ?? `exit code ${code}`}` });
    });
  });
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}
