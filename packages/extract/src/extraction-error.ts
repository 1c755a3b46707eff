export type ExtractionErrorCode = 'corrupt' | 'encrypted' | 'empty' | 'too_large' | 'timeout' | 'out_of_memory' | 'crashed' | 'unsupported';

/**
 * A document that cannot be processed, with a reason meant for the person who uploaded it
 * ("encrypted PDF: a password is required"). Permanent: retrying the same bytes would fail
 * the same way, so the document ends `failed` with this message.
 */
export class ExtractionError extends Error {
  readonly code: ExtractionErrorCode;

  constructor(code: ExtractionErrorCode, message: string) {
    super(message);
    this.name = 'ExtractionError';
    this.code = code;
  }
}
