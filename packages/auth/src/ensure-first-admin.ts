import { AppError } from '@docket/contracts/app-error';
import { isOperator } from '@docket/contracts/auth';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import type { Clock } from '@docket/contracts/clock';
import { createAccount } from './accounts.ts';
import type { PasswordHasher } from './password-hasher.ts';

export type FirstAdminOutcome = 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure the operator's account (ADMIN_EMAIL + ADMIN_PASSWORD) exists and is an operator:
 * creates it as a `system_admin` when missing, and promotes an existing account to
 * `system_admin` only when `password` is its password — whoever registered the address first
 * gains nothing unless they also know the operator's password. An account that is already an
 * operator is left as it is (a super admin stays one). Safe when several processes start at
 * once (a lost creation race is treated as "the account exists").
 * @throws AppError conflict when the email belongs to an account with another password
 */
export async function ensureFirstAdmin(deps: { db: Db; passwords: PasswordHasher; clock: Clock }, admin: { email: string; password: string }): Promise<FirstAdminOutcome> {
  const email = admin.email.trim().toLowerCase();
  const existing = await deps.db.user.findUnique({ where: { email }, select: { id: true, role: true, passwordHash: true } });
  if (!existing) {
    const passwordHash = await deps.passwords.hash(admin.password);
    try {
      await createAccount(deps.db, { email, passwordHash, role: 'system_admin', now: deps.clock() });
      return 'created';
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      return ensureFirstAdmin(deps, admin);
    }
  }
  if (!(await deps.passwords.verify(admin.password, existing.passwordHash ?? undefined))) {
    throw new AppError(
      'conflict',
      `ADMIN_EMAIL ${email} belongs to an existing account whose password is not ADMIN_PASSWORD, so it was not made a system admin. ` +
        'Set ADMIN_PASSWORD to that account’s password, choose another ADMIN_EMAIL, or promote the account by hand with `docket users promote <email>` (and unset ADMIN_EMAIL).',
    );
  }
  if (isOperator(existing.role)) return 'unchanged';
  await deps.db.user.update({ where: { id: existing.id }, data: { role: 'system_admin' } });
  return 'promoted';
}
