import { AppError } from '@docket/contracts/app-error';
import type { Tx } from '@docket/db/create-prisma';

/**
 * How much one account or organisation may hold (ORG_MAX_* settings): every list of them is
 * one page, and an account that signs up for free must not be able to grow tables without
 * bound. Each cap is checked under a row lock, so concurrent requests cannot pass it together.
 */
export type OrganizationCaps = {
  /** Shared organisations an account may own (the personal one is not counted). */
  ownedPerAccount: number;
  membersPerOrganization: number;
  /** Invitations not yet accepted, revoked or expired. */
  pendingInvitationsPerOrganization: number;
};

const DESCRIBED: Record<keyof OrganizationCaps, (max: number) => string> = {
  ownedPerAccount: (max) => `an account may own at most ${max} shared organisations; delete one or hand its ownership to another member first`,
  membersPerOrganization: (max) => `an organisation may have at most ${max} members; remove a member first`,
  pendingInvitationsPerOrganization: (max) => `an organisation may have at most ${max} pending invitations; revoke some or wait for them to expire`,
};

/** @throws AppError conflict (`details: {limit, max}`) when `count` already reaches the cap. */
export function refuseAtCap(caps: OrganizationCaps, limit: keyof OrganizationCaps, count: number): void {
  const max = caps[limit];
  if (count >= max) throw new AppError('conflict', DESCRIBED[limit](max), { limit, max });
}

/**
 * Locks an organisation's row until the transaction ends: every check of a count or a role
 * in it (owners, members, invitations) runs one at a time. NO KEY UPDATE, so inserts that
 * merely refer to the organisation (jobs, tokens) are not held up.
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${organizationId}::uuid FOR NO KEY UPDATE`;
}
