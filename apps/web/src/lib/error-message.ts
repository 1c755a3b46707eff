import { ApiError } from './api-error.ts';

/**
 * What to tell the user about a failed request: the server's own message (or the client's
 * network message) when there is one, else `fallback`. Never a stack or an exception's
 * internals.
 */
export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}
