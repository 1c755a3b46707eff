import { Router, type Request, type Response } from 'express';
import type { PasswordHasher } from '@docket/auth/password-hasher';
import { getMe, login, logout, refresh, refreshTokenOwner, register, type AuthDeps } from '@docket/auth/sessions';
import { AppError } from '@docket/contracts/app-error';
import { LoginRequestSchema, LogoutRequestSchema, RefreshRequestSchema, RegisterRequestSchema, type AuthResult, type SessionResult } from '@docket/contracts/auth';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, userIdOf } from '../http/authenticate.ts';
import { clientIp, limitRequests } from '../http/limit-requests.ts';
import { parseInput } from '../http/parse-input.ts';
import type { RateLimiters } from '../http/rate-limiters.ts';
import { clearRefreshCookie, readRefreshCookie, requireOwnOriginForCookies, setRefreshCookie, wantsCookieSession } from '../http/session-cookie.ts';

/**
 * Sign-up, sign-in, refresh, sign-out. API clients get both tokens in JSON; the dashboard asks
 * for a cookie session and gets its refresh token as an HttpOnly cookie instead. Attempts are
 * limited per client IP and per email (sign-in, sign-up) or per account (refresh), and every
 * password check waits for one of the hasher's few slots.
 */
export function authRoutes(deps: ApiDeps, { limiters, passwords }: { limiters: RateLimiters; passwords: PasswordHasher }): Router {
  const { db, settings } = deps;
  const auth: AuthDeps = { db, clock: deps.clock, jwtSecret: settings.jwtSecret, passwords };
  const signInLimits = [limitRequests(limiters['sign-in-ip'], clientIp), limitRequests(limiters['sign-in-email'], emailOf)];
  const refreshLimits = [
    limitRequests(limiters['refresh-ip'], clientIp),
    limitRequests(limiters['refresh-account'], async (req) => {
      const token = presentedRefreshToken(req);
      return token === undefined ? undefined : refreshTokenOwner(db, token);
    }),
  ];
  const router = Router();
  router.use(requireOwnOriginForCookies(settings.publicUrl));

  router.post('/register', ...signInLimits, async (req, res) => {
    answer(req, res.status(201), await register(auth, parseInput(RegisterRequestSchema, req.body, 'registration')));
  });
  router.post('/login', ...signInLimits, async (req, res) => {
    answer(req, res, await login(auth, parseInput(LoginRequestSchema, req.body, 'login')));
  });
  router.post('/refresh', ...refreshLimits, async (req, res) => {
    const token = wantsCookieSession(req) ? readRefreshCookie(req) : parseInput(RefreshRequestSchema, req.body, 'refresh request').refresh_token;
    if (token === undefined) throw new AppError('invalid_token', 'no session cookie: sign in again');
    answer(req, res, await refresh(auth, token));
  });
  router.post('/logout', async (req, res) => {
    if (wantsCookieSession(req)) {
      const token = readRefreshCookie(req);
      if (token !== undefined) await logout(auth, token);
      clearRefreshCookie(res);
    } else {
      await logout(auth, parseInput(LogoutRequestSchema, req.body, 'logout request').refresh_token);
    }
    res.status(204).end();
  });
  router.get('/me', authenticate(deps), async (req, res) => {
    res.json(await getMe(db, userIdOf(req)));
  });
  return router;
}

/** JSON tokens for API clients; for a cookie session the refresh token goes into the cookie only. */
function answer(req: Request, res: Response, result: AuthResult): void {
  if (!wantsCookieSession(req)) {
    res.json(result);
    return;
  }
  const { refresh_token: refreshToken, ...session } = result;
  setRefreshCookie(res, refreshToken);
  const body: SessionResult = session;
  res.json(body);
}

/** The email a sign-in or sign-up names (before validation, which comes after the limit). */
function emailOf(req: Request): string | undefined {
  const email: unknown = req.body?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
}

function presentedRefreshToken(req: Request): string | undefined {
  if (wantsCookieSession(req)) return readRefreshCookie(req);
  const token: unknown = req.body?.refresh_token;
  return typeof token === 'string' && token.length <= 512 ? token : undefined;
}
