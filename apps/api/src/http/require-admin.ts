import type { RequestHandler } from 'express';
import { AppError } from '@docket/contracts/app-error';
import { isOperator } from '@docket/contracts/auth';
import type { TokenScope } from '@docket/contracts/tokens';
import type { Db } from '@docket/db/create-prisma';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, requireScope, userIdOf } from './authenticate.ts';

/** Express answers HEAD with the GET route: both only read. */
const READS = new Set(['GET', 'HEAD']);

/**
 * The guard of `/api/admin` routes, in order: a caller (`authenticate`); an API token only
 * on reads, and only with one of `readScopes` (a write is refused to every token: 403
 * insufficient_scope); and a user who is an operator at this very request (`requireAdmin`).
 * Signed-in admins pass on everything.
 */
export function adminAccess(deps: ApiDeps, readScopes: TokenScope[] = ['admin:read']): RequestHandler[] {
  const reads = requireScope(...readScopes);
  const writes = requireScope();
  return [authenticate(deps), (req, res, next) => (READS.has(req.method) ? reads : writes)(req, res, next), requireAdmin(deps.db)];
}

/**
 * Admin-only routes (after `authenticate`): system admins and super admins. The role is read
 * from the database, not the token, so a demotion takes effect at once instead of when the
 * access token expires — for the owner's API tokens too.
 */
function requireAdmin(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const user = await db.user.findUnique({ where: { id: userIdOf(req) }, select: { role: true } });
    if (!user || !isOperator(user.role)) throw new AppError('forbidden', 'this endpoint is for administrators (system admins and super admins)');
    next();
  };
}
