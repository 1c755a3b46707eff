import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { assignableRoles, mayManageMember, requirePermission, type MemberList, type OrganizationCaller, type OrganizationRole } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';

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
 * owners; the last owner cannot step down (an organisation always has one).
 * @throws AppError not_found, forbidden, conflict (the last owner)
 */
export async function changeMemberRole(db: Db, caller: OrganizationCaller, userId: string, role: OrganizationRole): Promise<void> {
  requirePermission(caller, 'administer', 'changing roles');
  await db.$transaction(async (tx) => {
    const current = await lockMember(tx, caller.organizationId, userId);
    if (!assignableRoles(caller.role, current).includes(role)) throw new AppError('forbidden', 'only an owner makes or unmakes owners');
    if (current === 'owner' && role !== 'owner') await keepAnOwner(tx, caller.organizationId);
    await tx.membership.update({ where: { organizationId_userId: { organizationId: caller.organizationId, userId } }, data: { role } });
  });
}

/**
 * Removes a member (admins and owners remove others; anyone may leave). Their jobs, tokens
 * and endpoints stay with the organisation; their API tokens of it stop working.
 * @throws AppError not_found, forbidden, conflict (the last owner; a personal organisation)
 */
export async function removeMember(db: Db, caller: OrganizationCaller, userId: string): Promise<void> {
  if (userId !== caller.userId) requirePermission(caller, 'administer', 'removing members');
  if (caller.personal) throw new AppError('conflict', 'nobody leaves a personal organisation');
  await db.$transaction(async (tx) => {
    const current = await lockMember(tx, caller.organizationId, userId);
    if (userId !== caller.userId && !mayManageMember(caller.role, current)) throw new AppError('forbidden', 'only an owner removes an owner');
    if (current === 'owner') await keepAnOwner(tx, caller.organizationId);
    await tx.membership.delete({ where: { organizationId_userId: { organizationId: caller.organizationId, userId } } });
  });
}

/** Locks the organisation's memberships (one owner check at a time) and returns the member's role. */
async function lockMember(tx: Tx, organizationId: string, userId: string): Promise<OrganizationRole> {
  await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${organizationId}::uuid FOR UPDATE`;
  const member = isUuid(userId) ? await tx.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { role: true } }) : null;
  if (!member) throw new AppError('not_found', 'no such member');
  return member.role;
}

export async function keepAnOwner(tx: Tx, organizationId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { organizationId, role: 'owner' } });
  if (owners <= 1) throw new AppError('conflict', 'the organisation needs an owner: make another member an owner first');
}
