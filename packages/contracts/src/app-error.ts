/**
 * The one error type of Docket's domain. Domain code throws it with a code from
 * `ERROR_STATUS`; the API's error handler is the only place that turns it into HTTP.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  no_files: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_signature: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  not_ready: 409,
  already_terminal: 409,
  nothing_to_retry: 409,
  nothing_to_deliver: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
