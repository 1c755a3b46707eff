/** The processors Docket has. Every stored document is one of these kinds. */
export type DocumentKind = 'pdf' | 'docx' | 'html' | 'text';

export type DetectedType = { kind: DocumentKind; mimeType: string };

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
