import type { ErrorBody } from '@docket/contracts/common';

/** An API error as the server described it (docs/api.md#errors), or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;

  constructor(status: number, body: Partial<ErrorBody> | undefined, fallback: string) {
    super(body?.error?.message ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error?.code ?? (status === 0 ? 'network_error' : 'unknown');
    this.requestId = body?.request_id;
  }
}
