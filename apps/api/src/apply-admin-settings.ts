import type { Logger } from 'pino';
import { ensureFirstAdmin } from '@docket/auth/ensure-first-admin';
import type { PasswordHasher } from '@docket/auth/password-hasher';
import type { Db } from '@docket/db/create-prisma';
import type { ApiConfig } from './config.ts';
import type { Clock } from '@docket/contracts/clock';

/**
 * The operator's admin settings at start-up: ADMIN_EMAIL + ADMIN_PASSWORD make sure that
 * account exists and is a system admin (see ensureFirstAdmin); ADMIN_EMAILS, which once made
 * whoever registered those addresses an admin, only earns a warning now.
 * @throws AppError conflict when ADMIN_EMAIL's account has another password (start-up stops)
 */
export async function applyAdminSettings(config: Pick<ApiConfig, 'ADMIN_EMAILS' | 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>, deps: { db: Db; passwords: PasswordHasher; clock: Clock }, logger: Logger): Promise<void> {
  if (config.ADMIN_EMAILS.length > 0) {
    logger.warn(
      { admin_emails: config.ADMIN_EMAILS },
      'ADMIN_EMAILS is deprecated and grants nothing any more (anyone could register those addresses first): ' +
        'promote admins with `docket users promote <email>`, or set ADMIN_EMAIL and ADMIN_PASSWORD for the first admin, and remove ADMIN_EMAILS',
    );
  }
  if (config.ADMIN_EMAIL === undefined || config.ADMIN_PASSWORD === undefined) return;
  const outcome = await ensureFirstAdmin(deps, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  if (outcome !== 'unchanged') logger.info({ email: config.ADMIN_EMAIL, outcome }, `ADMIN_EMAIL ${config.ADMIN_EMAIL} ${outcome === 'created' ? 'created as a system admin' : 'promoted to system admin'}`);
}
