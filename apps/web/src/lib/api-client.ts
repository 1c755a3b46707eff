import { AuthResultSchema } from '@docket/contracts/auth';
import { ApiError } from './api-error.ts';
import { readSession, sessionFrom, writeSession, type Session } from './session.ts';

/** Refresh this long before the access token expires, so requests never carry a stale one. */
export const REFRESH_MARGIN_MS = 60_000;

let refreshing: Promise<Session | null> | null = null;

/**
 * Trades the refresh token for a new pair. Concurrent callers share one refresh: the
 * server rotates refresh tokens and treats a second use of the old one as theft.
 */
export function refreshSession(fetcher: typeof fetch = fetch): Promise<Session | null> {
  refreshing ??= (async () => {
    const session = readSession();
    if (!session) return null;
    try {
      const response = await fetcher('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: session.refreshToken }),
      });
      if (!response.ok) {
        writeSession(null);
        return null;
      }
      const next = sessionFrom(AuthResultSchema.parse(await response.json()));
      writeSession(next);
      return next;
    } catch {
      return session; // offline: keep the session, the next request will tell
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function validAccessToken(fetcher: typeof fetch): Promise<string | null> {
  const session = readSession();
  if (!session) return null;
  if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
  return (await refreshSession(fetcher))?.accessToken ?? null;
}

export type RequestOptions = { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; raw?: boolean };

/**
 * Calls the API with the session's access token, refreshing it first when it is about to
 * expire and once more on a 401. A 401 after that ends the session (the app sends the
 * user to sign-in). Errors come back as ApiError with the server's message; a 2xx comes
 * back as the Response itself, body unread (for downloads read as a stream).
 */
export async function apiResponse(path: string, options: RequestOptions = {}, fetcher: typeof fetch = fetch): Promise<Response> {
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    try {
      return await fetcher(path, { method: options.method ?? 'GET', headers, body });
    } catch {
      throw new ApiError(0, undefined, 'cannot reach the Docket server; check your connection');
    }
  };

  let response = await send(await validAccessToken(fetcher));
  if (response.status === 401 && readSession()) {
    const refreshed = await refreshSession(fetcher);
    if (refreshed) response = await send(refreshed.accessToken);
    if (response.status === 401) writeSession(null);
  }
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiError(response.status, body, `request failed with status ${response.status}`);
  }
  return response;
}

/** `apiResponse`, with the body parsed: JSON, or text with `raw`. */
export async function api<T>(path: string, options: RequestOptions = {}, fetcher: typeof fetch = fetch): Promise<T> {
  const response = await apiResponse(path, options, fetcher);
  if (response.status === 204) return undefined as T;
  return (options.raw ? await response.text() : await response.json()) as T;
}
