import type { DocumentKind } from '@docket/extract/document-kind';

/** The processor for a stored document, from the MIME type sniffed at upload. */
export function documentKindOf(mimeType: string): DocumentKind {
  if (mimeType === 'application/pdf') return 'pdf';
  if (mimeType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  if (mimeType === 'text/html') return 'html';
  return 'text';
}
