import { randomBytes } from 'node:crypto';
import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { requirePermission, strongerRole, type CreateInvitationRequest, type CreatedInvitation, type InvitationList, type Organization, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import type { Invitation as InvitationRow } from '@docket/db/generated/prisma/client';
import { hashToken } from '../hash-token.ts';
import { getOrganization } from './manage-organizations.ts';

const DAY_MS = 86_400_000;
const present = (row: InvitationRow) => ({ id: row.id, role: row.role, created_at: row.createdAt.toISOString(), expires_at: row.expiresAt.toISOString() });

/**
 * An invitation code for the caller's organisation (there is no mail server: the inviter
 * passes the code or its link on). Shown once; stored as its hash; good for one acceptance
 * until it expires or is revoked.
 * @throws AppError forbidden (owners and admins invite); conflict for a personal organisation
 */
export async function createInvitation(db: Db, caller: OrganizationCaller, input: CreateInvitationRequest, options: { now: Date; baseUrl: string }): Promise<CreatedInvitation> {
  requirePermission(caller, 'administer', 'inviting members');
  if (caller.personal) throw new AppError('conflict', 'a personal organisation has one member; create an organisation to work with others');
  const code = `dki_${randomBytes(24).toString('base64url')}`;
  const row = await db.invitation.create({
    data: { organizationId: caller.organizationId, codeHash: hashToken(code), role: input.role, createdBy: caller.userId, createdAt: options.now, expiresAt: new Date(options.now.getTime() + input.expires_in_days * DAY_MS) },
  });
  return { ...present(row), code, url: `${options.baseUrl}/invitations/${encodeURIComponent(code)}` };
}

/** Invitations not yet accepted, revoked or expired, newest first (without their codes). */
export async function listInvitations(db: Db, caller: OrganizationCaller, now: Date): Promise<InvitationList> {
  requirePermission(caller, 'administer', 'seeing invitations');
  const rows = await db.invitation.findMany({
    where: { organizationId: caller.organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
  });
  return { items: rows.map(present), next_cursor: null };
}

/** @throws AppError forbidden, not_found */
export async function revokeInvitation(db: Db, caller: OrganizationCaller, invitationId: string, now: Date): Promise<void> {
  requirePermission(caller, 'administer', 'revoking invitations');
  const { count } = isUuid(invitationId)
    ? await db.invitation.updateMany({ where: { id: invitationId, organizationId: caller.organizationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } })
    : { count: 0 };
  if (count === 0) throw new AppError('not_found', 'invitation not found');
}

/**
 * Joins the organisation a live code invites to, with the role it names. Spending the code
 * and adding the membership happen together; a member already in gets their organisation
 * back and the code stays unspent — unless an identity provider's claim made them a member:
 * then the code is spent and the membership becomes an invited one (never synced). Unknown, spent, revoked and expired codes are one 404.
 * @throws AppError not_found
 */
export async function acceptInvitation(db: Db, userId: string, code: string, now: Date): Promise<Organization> {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { codeHash: hashToken(code) } });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
      throw new AppError('not_found', 'this invitation is unknown, used, revoked or expired; ask for a new one');
    }
    const key = { organizationId_userId: { organizationId: invitation.organizationId, userId } };
    const existing = await tx.membership.findUnique({ where: key, select: { role: true, grantedByIssuer: true } });
    // A member an identity provider's claim brought in becomes an invited one, kept whatever the
    // claim says later, with the stronger of the two roles (an owner never steps down this way).
    const joins = !existing || existing.grantedByIssuer !== null;
    const role = !existing ? invitation.role : joins ? strongerRole(existing.role, invitation.role) : existing.role;
    if (joins) {
      const spent = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now, acceptedBy: userId } });
      if (spent.count === 0) throw new AppError('not_found', 'this invitation was used a moment ago; ask for a new one');
      await tx.membership.upsert({
        where: key,
        create: { organizationId: invitation.organizationId, userId, role: invitation.role, createdAt: now },
        update: { role, grantedByIssuer: null },
      });
    }
    return getOrganization(tx, { userId, organizationId: invitation.organizationId, role, personal: false });
  });
}
