import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { assignableRoles, mayDo, mayManageMember, requirePermission, type MemberList, type OrganizationCaller, type OrganizationRole } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';
import { lockCaller, requirePermissionLocked } from './memberships.ts';

/** The members of the caller's organisation, owners first, then by email. */
export async function listMembers(db: Db, caller: OrganizationCaller): Promise<MemberList> {
  const rows = await db.membership.findMany({ where: { organizationId: caller.organizationId }, include: { user: { select: { email: true } } } });
  const rank: Record<OrganizationRole, number> = { owner: 0, admin: 1, member: 2 };
  const items = rows
    .sort((a, b) => rank[a.role] - rank[b.role] || a.user.email.localeCompare(b.user.email))
    .map((row) => ({ user_id: row.userId, email: row.user.email, role: row.role, joined_at: row.createdAt.toISOString(), granted_by_issuer: row.grantedByIssuer }));
  return { items, next_cursor: null };
}

/**
 * Changes a member's role. Admins manage admins and members; only owners make or unmake
 * owners; the last owner cannot step down (an organisation always has one). A member who may
 * no longer invite loses the invitations they made (see revokeInvitationsBy).
 * @throws AppError not_found, forbidden, conflict (the last owner)
 */
export async function changeMemberRole(db: Db, caller: OrganizationCaller, userId: string, role: OrganizationRole, now: Date): Promise<void> {
  requirePermission(caller, 'administer', 'changing roles');
  await db.$transaction(async (tx) => {
    const locked = await requirePermissionLocked(tx, caller, 'administer', 'changing roles');
    const current = await findMember(tx, caller.organizationId, userId);
    if (!assignableRoles(locked.role, current).includes(role)) throw new AppError('forbidden', 'only an owner makes or unmakes owners');
    if (current === 'owner' && role !== 'owner') await keepAnOwner(tx, caller.organizationId);
    await tx.membership.update({ where: { organizationId_userId: { organizationId: caller.organizationId, userId } }, data: { role } });
    if (!mayDo(role, 'administer')) await revokeInvitationsBy(tx, caller.organizationId, userId, now);
  });
}

/**
 * Removes a member (admins and owners remove others; anyone may leave). Their jobs, tokens
 * and endpoints stay with the organisation; their API tokens of it stop working, and so do
 * the invitations they made.
 * @throws AppError not_found, forbidden, conflict (the last owner; a personal organisation)
 */
export async function removeMember(db: Db, caller: OrganizationCaller, userId: string, now: Date): Promise<void> {
  if (userId !== caller.userId) requirePermission(caller, 'administer', 'removing members');
  if (caller.personal) throw new AppError('conflict', 'nobody leaves a personal organisation');
  await db.$transaction(async (tx) => {
    const locked = await lockCaller(tx, caller);
    if (userId !== caller.userId) requirePermission(locked, 'administer', 'removing members');
    const current = await findMember(tx, caller.organizationId, userId);
    if (userId !== caller.userId && !mayManageMember(locked.role, current)) throw new AppError('forbidden', 'only an owner removes an owner');
    if (current === 'owner') await keepAnOwner(tx, caller.organizationId);
    await tx.membership.delete({ where: { organizationId_userId: { organizationId: caller.organizationId, userId } } });
    await revokeInvitationsBy(tx, caller.organizationId, userId, now);
  });
}

/** The member's role; run under the organisation's lock (lockCaller), so owner checks go one at a time. */
async function findMember(tx: Tx, organizationId: string, userId: string): Promise<OrganizationRole> {
  const member = isUuid(userId) ? await tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { role: true } }) : null;
  if (!member) throw new AppError('not_found', 'no such member');
  return member.role;
}

export async function keepAnOwner(tx: Tx, organizationId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { organizationId, role: 'owner' } });
  if (owners <= 1) throw new AppError('conflict', 'the organisation needs an owner: make another member an owner first');
}

/**
 * Revokes the pending invitations `userId` made in the organisation. Otherwise an admin who
 * expects to be removed could make admin invitations first and come back with them, as
 * another account, after the owners showed them out.
 */
export async function revokeInvitationsBy(tx: Tx, organizationId: string, userId: string, now: Date): Promise<void> {
  await tx.invitation.updateMany({ where: { organizationId, createdBy: userId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
}
