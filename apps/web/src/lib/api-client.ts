import { COOKIE_SESSION, SESSION_TRANSPORT_HEADER, SessionResultSchema } from '@docket/contracts/auth';
import { TENANT_HEADER } from '@docket/contracts/organizations';
import { ApiError } from './api-error.ts';
import { isSessionKnown, readSession, sessionFrom, writeSession, type Session } from './session.ts';

/** Refresh this long before the access token expires, so requests never carry a stale one. */
export const REFRESH_MARGIN_MS = 60_000;

/** Sent on sign-in, sign-up, refresh and sign-out: the server keeps our refresh token in an HttpOnly cookie. */
export const COOKIE_SESSION_HEADERS = { [SESSION_TRANSPORT_HEADER]: COOKIE_SESSION };

/** Where sessions of earlier versions kept both tokens; cleared so none outlives this one. */
const LEGACY_SESSION_KEY = 'docket.session';

let refreshing: Promise<Session | null> | null = null;

/**
 * Trades the refresh cookie for a new access token (and a rotated cookie). Concurrent callers
 * share one refresh, and tabs take turns (Web Locks): the server rotates refresh tokens and
 * treats a second use of the old one as theft, which would end every tab's session.
 */
export function refreshSession(fetcher: typeof fetch = fetch): Promise<Session | null> {
  refreshing ??= (async () => {
    let next = readSession();
    try {
      const response = await oneTabAtATime(() => fetcher('/api/auth/refresh', { method: 'POST', headers: COOKIE_SESSION_HEADERS, credentials: 'same-origin' }));
      if (response.ok) next = sessionFrom(SessionResultSchema.parse(await response.json()));
      // Refused: the sign-in is over. Anything else (busy, rate limited) leaves the session as it is.
      else if (response.status === 401 || response.status === 403) next = null;
    } catch {
      // Offline: keep the session; the next request will tell.
    } finally {
      refreshing = null;
    }
    // Also settles an unknown session (page load) as signed out when there was nothing to restore.
    writeSession(next);
    return next;
  })();
  return refreshing;
}

/** On page load: signed in if the refresh cookie still holds a session. Runs once; later calls share it. */
export function restoreSession(fetcher: typeof fetch = fetch): Promise<Session | null> {
  localStorage.removeItem(LEGACY_SESSION_KEY);
  return isSessionKnown() ? Promise.resolve(readSession()) : refreshSession(fetcher);
}

function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  // The lock's promise settles with the callback's: a promise of T, whatever lib.dom says.
  return typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks.request('docket-session-refresh', work) as unknown as Promise<T>) : work();
}

async function validAccessToken(fetcher: typeof fetch): Promise<string | null> {
  const session = readSession();
  if (!session) return null;
  if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
  return (await refreshSession(fetcher))?.accessToken ?? null;
}

/**
 * `organizationId`: the organisation the call acts in, sent as x-tenantid. Callers pass the
 * one their query key names, so a cached answer always belongs to the organisation its key
 * says; without it the server acts in the user's personal organisation (or, for routes that
 * are not organisation-scoped, ignores it).
 */
export type RequestOptions = { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; raw?: boolean; organizationId?: string };

/** The headers that select `organizationId` (none without one). */
export const organizationHeaders = (organizationId: string | undefined): Record<string, string> => (organizationId ? { [TENANT_HEADER]: organizationId } : {});

/**
 * Calls the API with the session's access token, refreshing it first when it is about to
 * expire and once more on a 401. A 401 after that ends the session (the app sends the
 * user to sign-in). Errors come back as ApiError with the server's message; a 2xx comes
 * back as the Response itself, body unread (for downloads read as a stream).
 */
export async function apiResponse(path: string, options: RequestOptions = {}, fetcher: typeof fetch = fetch): Promise<Response> {
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { ...organizationHeaders(options.organizationId), ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    try {
      return await fetcher(path, { method: options.method ?? 'GET', headers, body, credentials: 'same-origin' });
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
