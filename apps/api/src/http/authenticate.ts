import type { RequestHandler } from 'express';
import { verifyAccessToken } from '@docket/auth/access-token';
import { AppError } from '@docket/contracts/app-error';

/** Requires `Authorization: Bearer <JWT>`; sets `req.auth`. */
export function authenticate(jwtSecret: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new AppError('unauthorized', 'missing bearer token: send Authorization: Bearer <access token>');
    req.auth = verifyAccessToken(jwtSecret, match[1]!);
    next();
  };
}

/** The authenticated user id (routes behind `authenticate` only). */
export function userIdOf(req: { auth?: { userId: string } }): string {
  if (!req.auth) throw new AppError('unauthorized', 'not authenticated');
  return req.auth.userId;
}
