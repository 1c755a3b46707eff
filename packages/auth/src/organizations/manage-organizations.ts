import { AppError } from '@docket/contracts/app-error';
import { requirePermission, type Organization, type OrganizationCaller, type OrganizationList, type OrganizationRole } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';
import { requirePermissionLocked } from './memberships.ts';
import { refuseAtCap, type OrganizationCaps } from './organization-caps.ts';

type OrganizationRow = { id: string; name: string; personalUserId: string | null; createdAt: Date };

const present = (row: OrganizationRow, role: OrganizationRole): Organization => ({
  id: row.id,
  name: row.name,
  personal: row.personalUserId !== null,
  role,
  created_at: row.createdAt.toISOString(),
});

/** The organisations the user belongs to, the personal one first, then by name. */
export async function listOrganizations(db: Db, userId: string): Promise<OrganizationList> {
  const rows = await db.membership.findMany({ where: { userId }, select: { role: true, organization: true } });
  const items = rows
    .map((row) => present(row.organization, row.role))
    .sort((a, b) => Number(b.personal) - Number(a.personal) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { items, next_cursor: null };
}

/**
 * A new shared organisation with its creator as the owner. The account's row is locked while
 * its owned organisations are counted, so parallel creations cannot pass the cap together.
 * @throws AppError conflict once the account owns `caps.ownedPerAccount` shared organisations
 */
export async function createOrganization(db: Db, userId: string, name: string, options: { now: Date; caps: OrganizationCaps }): Promise<Organization> {
  const { now, caps } = options;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${userId}::uuid FOR NO KEY UPDATE`;
    refuseAtCap(caps, 'ownedPerAccount', await tx.membership.count({ where: { userId, role: 'owner', organization: { personalUserId: null } } }));
    const row = await tx.organization.create({
      data: { name, createdBy: userId, createdAt: now, memberships: { create: { userId, role: 'owner', createdAt: now } } },
    });
    return present(row, 'owner');
  });
}

export async function getOrganization(db: Db | Tx, caller: OrganizationCaller): Promise<Organization> {
  const row = await db.organization.findUniqueOrThrow({ where: { id: caller.organizationId } });
  return present(row, caller.role);
}

/** @throws AppError forbidden for members; validation_failed for a personal organisation (it keeps the account's name). */
export async function renameOrganization(db: Db, caller: OrganizationCaller, name: string): Promise<Organization> {
  requirePermission(caller, 'administer', 'renaming the organisation');
  if (caller.personal) throw new AppError('validation_failed', 'a personal organisation is named after its account');
  return db.$transaction(async (tx) => {
    const locked = await requirePermissionLocked(tx, caller, 'administer', 'renaming the organisation');
    return present(await tx.organization.update({ where: { id: caller.organizationId }, data: { name } }), locked.role);
  });
}

/**
 * Deletes a shared organisation that holds no jobs (its members, invitations, tokens and
 * endpoints go with it). One with jobs is refused: their history and statistics would go.
 * @throws AppError forbidden (owners only); conflict for a personal organisation or one with jobs
 */
export async function deleteOrganization(db: Db, caller: OrganizationCaller): Promise<void> {
  requirePermission(caller, 'own', 'deleting the organisation');
  if (caller.personal) throw new AppError('conflict', 'a personal organisation lasts as long as its account');
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${caller.organizationId}::uuid FOR UPDATE`;
    await requirePermissionLocked(tx, caller, 'own', 'deleting the organisation');
    if (await tx.job.findFirst({ where: { organizationId: caller.organizationId }, select: { id: true } })) {
      throw new AppError('conflict', 'the organisation still has jobs; an organisation is deleted only once it holds none');
    }
    await tx.organization.delete({ where: { id: caller.organizationId } });
  });
}
