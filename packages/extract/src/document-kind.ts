/** The processors Docket has. Every stored document is one of these kinds. */
export type DocumentKind = 'pdf' | 'docx' | 'html' | 'text';

export type DetectedType = { kind: DocumentKind; mimeType: string };

export const PDF_MIME = 'application/pdf';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const HTML_MIME = 'text/html';

/**
 * The processor for a stored document, from the MIME type detectFileType gave it at upload
 * (anything else it gives is a flavour of text).
 */
export function kindOfMimeType(mimeType: string): DocumentKind {
  if (mimeType === PDF_MIME) return 'pdf';
  if (mimeType === DOCX_MIME) return 'docx';
  if (mimeType === HTML_MIME) return 'html';
  return 'text';
}
