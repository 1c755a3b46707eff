import type { Role } from '@docket/contracts/auth';
import type { Db, Tx } from '@docket/db/create-prisma';
import type { User as UserRow } from '@docket/db/generated/prisma/client';

/**
 * Creates an account with its personal organisation (named after the account, the user its
 * owner), in one transaction: no account ever exists without one. Every way an account comes
 * to be — sign-up, the first admin, an identity provider — goes through here.
 * @throws Prisma's P2002 when the email is taken (callers turn it into their own error).
 */
export async function createAccount(db: Db, input: { email: string; passwordHash: string | null; role: Role; now: Date }): Promise<UserRow> {
  return db.$transaction((tx) => createAccountIn(tx, input));
}

export async function createAccountIn(tx: Tx, input: { email: string; passwordHash: string | null; role: Role; now: Date }): Promise<UserRow> {
  const user = await tx.user.create({ data: { email: input.email, passwordHash: input.passwordHash, role: input.role, createdAt: input.now } });
  await tx.organization.create({
    data: {
      name: input.email,
      personalUserId: user.id,
      createdBy: user.id,
      createdAt: input.now,
      memberships: { create: { userId: user.id, role: 'owner', createdAt: input.now } },
    },
  });
  return user;
}
