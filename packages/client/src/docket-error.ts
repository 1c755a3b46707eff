/**
 * An answer of Docket other than a success: its status, the machine-readable `code` of its
 * error body (`not_found`, `rate_limited`, …; new codes may appear: fall back on `status`),
 * the message for people, the `request_id` that finds it in the server's logs, and `details`
 * where the code has some (the problems of a `validation_failed`, say).
 */
export class DocketError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: unknown;
  /** From `Retry-After`, on 429 and 503. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: { status: number; code: string; message: string; requestId?: string; details?: unknown; retryAfterSeconds?: number }) {
    super(init.message);
    this.name = 'DocketError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /**
   * The error of a failed response, from its `ErrorBody` when it has one; an answer that is not
   * Docket's JSON (a proxy's error page) becomes code `http_<status>` with the start of its text.
   */
  static from(response: Response, body: unknown): DocketError {
    const retryAfter = Number(response.headers.get('retry-after'));
    const common = { status: response.status, requestId: response.headers.get('x-request-id') ?? undefined, retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 && response.headers.has('retry-after') ? retryAfter : undefined };
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown }; request_id?: unknown } | undefined)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      const requestId = (body as { request_id?: unknown }).request_id;
      return new DocketError({ ...common, code: error.code, message: error.message, details: error.details, ...(typeof requestId === 'string' && { requestId }) });
    }
    const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
    return new DocketError({ ...common, code: `http_${response.status}`, message: text || response.statusText || `HTTP ${response.status}` });
  }
}

/** Docket could not be reached at all (refused, reset, DNS, TLS): `cause` is the network error. */
export class DocketConnectionError extends Error {
  constructor(baseUrl: string, cause: unknown) {
    const reason = (cause as { cause?: Error })?.cause?.message ?? (cause as Error)?.message ?? String(cause);
    super(`cannot reach Docket at ${baseUrl}: ${reason}`, { cause });
    this.name = 'DocketConnectionError';
  }
}
