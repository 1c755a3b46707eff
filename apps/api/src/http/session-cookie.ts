import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { REFRESH_TOKEN_TTL_MS } from '@docket/auth/sessions';
import { AppError } from '@docket/contracts/app-error';
import { COOKIE_SESSION, SESSION_TRANSPORT_HEADER } from '@docket/contracts/auth';

/**
 * The dashboard's refresh token, out of reach of script: HttpOnly, sent over HTTPS only
 * (browsers treat http://localhost as secure too), never on a cross-site request, and only
 * to /api/auth — the one place that reads it.
 */
const REFRESH_COOKIE = 'docket_refresh';
const COOKIE: CookieOptions = { httpOnly: true, secure: true, sameSite: 'strict', path: '/api/auth' };

/** True when the client asked for a cookie session (`x-docket-session: cookie`) instead of JSON tokens. */
export const wantsCookieSession = (req: Request): boolean => req.get(SESSION_TRANSPORT_HEADER) === COOKIE_SESSION;

export function setRefreshCookie(res: Response, refreshToken: string): void {
  res.cookie(REFRESH_COOKIE, refreshToken, { ...COOKIE, maxAge: REFRESH_TOKEN_TTL_MS });
}

export function clearRefreshCookie(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, COOKIE);
}

/** The refresh token in the request's cookie, if it carries one. */
export function readRefreshCookie(req: Request): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (pair.slice(0, separator).trim() !== REFRESH_COOKIE) continue;
    try {
      return decodeURIComponent(pair.slice(separator + 1).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Cookie sessions are for Docket's own pages: a cookie-session request whose `Origin` is not
 * this server's (as the request addressed it, or PUBLIC_URL) is refused with 403, so no other
 * site can make a browser refresh, end or start a session. Requests for JSON tokens pass.
 */
export function requireOwnOriginForCookies(publicUrl: string | undefined): RequestHandler {
  const configured = publicUrl ? new URL(publicUrl).origin : undefined;
  return (req, _res, next) => {
    if (!wantsCookieSession(req)) return next();
    const origin = req.get('origin');
    if (!origin || (origin !== `${req.protocol}://${req.get('host')}` && origin !== configured)) {
      throw new AppError('forbidden', 'cookie sessions can only be used from Docket’s own pages: the Origin header does not match this server');
    }
    next();
  };
}
