import type { RequestHandler } from 'express';
import { AppError } from '@docket/contracts/app-error';
import { isOperator } from '@docket/contracts/auth';
import type { Db } from '@docket/db/create-prisma';
import { userIdOf } from './authenticate.ts';

/**
 * Admin-only routes (after `authenticate`): system admins and super admins. The role is read
 * from the database, not the token, so a demotion takes effect at once instead of when the
 * access token expires — for API tokens too.
 */
export function requireAdmin(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const user = await db.user.findUnique({ where: { id: userIdOf(req) }, select: { role: true } });
    if (!user || !isOperator(user.role)) throw new AppError('forbidden', 'this endpoint is for administrators (system admins and super admins)');
    next();
  };
}
