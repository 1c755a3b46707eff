import { AppError } from '@docket/contracts/app-error';
import { RegisterRequestSchema } from '@docket/contracts/auth';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';
import type { AccessClaims } from '../access-token.ts';
import { createAccountIn } from '../accounts.ts';
import type { ProviderIdentity } from './verify-provider-token.ts';

export type AccountLinking = {
  /**
   * OIDC_LINK_BY_VERIFIED_EMAIL: whether a provider identity whose email belongs to an
   * existing account may be linked to it (only when the token says `email_verified: true`).
   * Off, such an identity is refused: the provider would otherwise take over the account —
   * its password, its jobs, an admin's rights — on the strength of an email claim.
   */
  linkByVerifiedEmail: boolean;
};

/**
 * The Docket account a verified provider identity signs in to: the one linked to its
 * (issuer, subject). On first sight, a new account with the token's `email` and no password
 * (it can only sign in through the provider) and its personal organisation, linked in the
 * same transaction; or, when that
 * email already has an account, a link to it if the operator allows it and the provider
 * verified the address — otherwise a refusal. Two first requests at once end with one
 * account and one link.
 * @throws AppError invalid_token (401) when the email claim is missing or invalid, or belongs to an account that may not be linked
 */
export async function matchProviderAccount(db: Db, identity: ProviderIdentity, linking: AccountLinking, now: Date): Promise<AccessClaims> {
  return (await linkedAccount(db, identity)) ?? createOrLinkAccount(db, identity, linking, now, true);
}

/** The account (issuer, subject) is linked to, if any: the primary key of user_identities serves this look-up. */
async function linkedAccount(db: Pick<Db, 'userIdentity'>, identity: ProviderIdentity): Promise<AccessClaims | undefined> {
  const linked = await db.userIdentity.findUnique({
    where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
    select: { user: { select: { id: true, role: true } } },
  });
  return linked ? { userId: linked.user.id, role: linked.user.role } : undefined;
}

async function createOrLinkAccount(db: Db, identity: ProviderIdentity, linking: AccountLinking, now: Date, retryOnRace: boolean): Promise<AccessClaims> {
  const email = emailOf(identity);
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email }, select: { id: true, role: true } });
      // Read after the email: a concurrent first sight of this identity commits its account
      // and its link together, so if that account is visible above, its link is visible here.
      const linked = existing && (await linkedAccount(tx, identity));
      if (linked) return linked;
      if (existing && !(linking.linkByVerifiedEmail && identity.emailVerified)) {
        const how = linking.linkByVerifiedEmail
          ? `${identity.issuer} has not verified this address (email_verified is not true)`
          : 'accounts are not linked by email here (OIDC_LINK_BY_VERIFIED_EMAIL)';
        throw new AppError('invalid_token', `an account with the email ${email} already exists and is not linked to ${identity.issuer}: ${how}; sign in to it as before`);
      }
      const user = existing ?? (await createAccountIn(tx, { email, passwordHash: null, role: 'user', now }));
      await tx.userIdentity.create({ data: { issuer: identity.issuer, subject: identity.subject, userId: user.id } });
      return { userId: user.id, role: user.role };
    });
  } catch (error) {
    // Another request created this identity's account (or took its email) first: decide again against what it wrote.
    if (retryOnRace && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return (await linkedAccount(db, identity)) ?? createOrLinkAccount(db, identity, linking, now, false);
    }
    throw error;
  }
}

function emailOf(identity: ProviderIdentity): string {
  if (identity.email === undefined) {
    throw new AppError('invalid_token', `the token of ${identity.issuer} carries no email claim, which Docket needs to create the account: ask the provider to include it (the "email" scope)`);
  }
  const parsed = RegisterRequestSchema.shape.email.safeParse(identity.email);
  if (!parsed.success) throw new AppError('invalid_token', `the email claim of the token of ${identity.issuer} is not a valid email address`);
  return parsed.data;
}
