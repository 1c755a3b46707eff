import type { RequestHandler } from 'express';
import { verifyAccessToken } from '@docket/auth/access-token';
import { API_TOKEN_PREFIX, verifyApiToken } from '@docket/auth/api-tokens';
import { AppError } from '@docket/contracts/app-error';
import type { TokenScope } from '@docket/contracts/tokens';
import type { ApiDeps } from '../api-deps.ts';

/**
 * Requires `Authorization: Bearer <JWT, dkt_ API token or identity-provider token>`; sets
 * `req.auth`. A provider token is a JWT that Docket did not issue, checked only when an OIDC
 * provider is configured; the `realmname` header picks the provider.
 */
export function authenticate({ db, clock, settings, oidc }: Pick<ApiDeps, 'db' | 'clock' | 'settings' | 'oidc'>): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new AppError('unauthorized', 'missing bearer token: send Authorization: Bearer <access token or API token>');
    const token = match[1]!;
    if (oidc?.handles(token)) {
      req.auth = await oidc.authenticate(token, req.get('realmname'));
      return next();
    }
    req.auth = token.startsWith(API_TOKEN_PREFIX) ? await verifyApiToken(db, token, clock()) : verifyAccessToken(settings.jwtSecret, token);
    next();
  };
}

/**
 * Limits API tokens to their scopes: a token needs one of `accepted` (403 insufficient_scope
 * otherwise); signed-in users pass. With no scope given, the route is for signed-in users only
 * (managing tokens, endpoints, admin writes).
 */
export function requireScope(...accepted: TokenScope[]): RequestHandler {
  return (req, _res, next) => {
    const scopes = req.auth?.scopes;
    if (scopes && !accepted.some((scope) => scopes.includes(scope))) {
      const message = accepted.length > 0 ? `this API token lacks the ${accepted.join(' or ')} scope` : 'API tokens cannot use this endpoint; sign in instead';
      throw new AppError('insufficient_scope', message, { required: accepted[0] ?? null, accepted });
    }
    next();
  };
}

/** The authenticated user id (routes behind `authenticate` only). */
export function userIdOf(req: { auth?: { userId: string } }): string {
  if (!req.auth) throw new AppError('unauthorized', 'not authenticated');
  return req.auth.userId;
}

/** Who a per-caller rate limit counts: the API token when one is used (each has its own budget), else the signed-in user. */
export function callerKey(req: { auth?: { userId: string; tokenId?: string } }): string {
  const userId = userIdOf(req);
  return req.auth?.tokenId ? `token:${req.auth.tokenId}` : `user:${userId}`;
}
