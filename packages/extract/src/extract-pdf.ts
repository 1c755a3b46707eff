import { ExtractionError } from './extraction-error.ts';
import type { ExtractionLimits } from './extraction.ts';

export type PdfContent = { text: string; pageCount: number; metadata: Record<string, string | null> };

/** Text layer and page count of a PDF, with pdf.js (through unpdf). */
export async function extractPdf(bytes: Uint8Array, limits: ExtractionLimits): Promise<PdfContent> {
  // Loaded on first use: with poppler installed, pdf.js reads only the PDFs poppler could not.
  const { extractText, getDocumentProxy, getMeta } = await import('unpdf');
  let pdf;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 }); // errors only, no console chatter
  } catch (error) {
    throw pdfError(error);
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new ExtractionError('too_large', `PDF has ${pdf.numPages} pages, over the ${limits.maxPages}-page limit`);
    }
    const { text: pages } = await extractText(pdf, { mergePages: false });
    const text = pages.map((page) => page.trim()).join('\n\n').trim();
    if (text === '') {
      throw new ExtractionError('empty', `no text layer found: the PDF has ${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'} but no extractable text (a scanned PDF?)`);
    }
    const { info } = await getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }));
    const field = (name: string) => (typeof info[name] === 'string' && info[name] ? (info[name] as string) : null);
    return { text, pageCount: pdf.numPages, metadata: { title: field('Title'), author: field('Author'), producer: field('Producer') } };
  } catch (error) {
    throw pdfError(error);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

function pdfError(error: unknown): ExtractionError {
  if (error instanceof ExtractionError) return error;
  const name = (error as { name?: string }).name;
  if (name === 'PasswordException') return new ExtractionError('encrypted', 'encrypted PDF: a password is required');
  if (name === 'InvalidPDFException') return new ExtractionError('corrupt', 'not a valid PDF: the file is truncated or corrupt');
  const message = String((error as Error)?.message ?? error).split('\n')[0];
  return new ExtractionError('corrupt', `unreadable PDF: ${message}`);
}
