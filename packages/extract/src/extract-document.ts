import { decodeText } from './decode-text.ts';
import type { DocumentKind } from './document-kind.ts';
import { extractDocx } from './extract-docx.ts';
import { extractHtml } from './extract-html.ts';
import { extractPdf } from './extract-pdf.ts';
import { ExtractionError } from './extraction-error.ts';
import { DEFAULT_LIMITS, megabytes, type Extraction, type ExtractionLimits } from './extraction.ts';
import { countWords, detectLanguage } from './text-statistics.ts';

/**
 * Bytes of a document of `kind` → text and metadata. Runs inside an extraction thread (see
 * extraction-pool.ts); callable directly too. Throws ExtractionError for documents that
 * cannot be processed.
 */
export async function extractDocument(bytes: Uint8Array, kind: DocumentKind, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<Extraction> {
  if (bytes.byteLength > limits.maxInputBytes) {
    throw new ExtractionError('too_large', `document is ${megabytes(bytes.byteLength)}, over the ${megabytes(limits.maxInputBytes)} limit`);
  }
  let text: string;
  let pageCount: number | null = null;
  let metadata: Extraction['metadata'] = {};
  let verbatim = false;
  switch (kind) {
    case 'pdf': {
      const pdf = await extractPdf(bytes, limits);
      ({ text, pageCount } = pdf);
      metadata = { ...pdf.metadata, extractor: 'pdf.js' };
      break;
    }
    case 'docx':
      text = await extractDocx(bytes, limits);
      break;
    case 'html': {
      const decoded = decodeText(bytes);
      text = await extractHtml(decoded.text);
      metadata = { encoding: decoded.encoding };
      break;
    }
    case 'text': {
      const decoded = decodeText(bytes);
      text = decoded.text.replace(/\r\n?/g, '\n');
      metadata = { encoding: decoded.encoding };
      // Valid UTF-8 decodes and encodes back to the same bytes: the same length means no BOM and no CR went.
      verbatim = decoded.encoding === 'utf-8' && Buffer.byteLength(text) === bytes.byteLength;
      break;
    }
  }
  const extraction = finishExtraction(text, pageCount, metadata, limits);
  return verbatim ? { ...extraction, verbatim } : extraction;
}

/** The checks and statistics every extractor's output goes through. */
export function finishExtraction(text: string, pageCount: number | null, metadata: Extraction['metadata'], limits: ExtractionLimits): Extraction {
  if (text.trim() === '') throw new ExtractionError('empty', 'empty document: no text could be extracted');
  if (text.length > limits.maxTextChars) {
    throw new ExtractionError('too_large', `document holds ${text.length.toLocaleString('en')} characters of text, over the ${limits.maxTextChars.toLocaleString('en')} limit`);
  }
  return { text, pageCount, wordCount: countWords(text), language: detectLanguage(text), metadata };
}
