import { randomBytes } from 'node:crypto';
import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { requirePermission, strongerRole, type CreateInvitationRequest, type CreatedInvitation, type InvitationList, type Organization, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import type { Invitation as InvitationRow } from '@docket/db/generated/prisma/client';
import { hashToken } from '../hash-token.ts';
import { getOrganization } from './manage-organizations.ts';
import { requirePermissionLocked } from './memberships.ts';
import { lockOrganization, refuseAtCap, type OrganizationCaps } from './organization-caps.ts';

const DAY_MS = 86_400_000;
const present = (row: InvitationRow) => ({ id: row.id, role: row.role, created_at: row.createdAt.toISOString(), expires_at: row.expiresAt.toISOString() });

const pending = (now: Date) => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });

/**
 * An invitation code for the caller's organisation (there is no mail server: the inviter
 * passes the code or its link on). Shown once; stored as its hash; good for one acceptance
 * until it expires or is revoked. The organisation is locked while its pending invitations
 * are counted and the caller's role is read again (an admin demoted a moment ago invites no one).
 * @throws AppError forbidden (owners and admins invite); conflict for a personal organisation or at the pending-invitations cap
 */
export async function createInvitation(db: Db, caller: OrganizationCaller, input: CreateInvitationRequest, options: { now: Date; baseUrl: string; caps: OrganizationCaps }): Promise<CreatedInvitation> {
  const { now, caps } = options;
  requirePermission(caller, 'administer', 'inviting members');
  if (caller.personal) throw new AppError('conflict', 'a personal organisation has one member; create an organisation to work with others');
  const code = `dki_${randomBytes(24).toString('base64url')}`;
  const row = await db.$transaction(async (tx) => {
    await requirePermissionLocked(tx, caller, 'administer', 'inviting members');
    refuseAtCap(caps, 'pendingInvitationsPerOrganization', await tx.invitation.count({ where: { organizationId: caller.organizationId, ...pending(now) } }));
    return tx.invitation.create({
      data: { organizationId: caller.organizationId, codeHash: hashToken(code), role: input.role, createdBy: caller.userId, createdAt: now, expiresAt: new Date(now.getTime() + input.expires_in_days * DAY_MS) },
    });
  });
  return { ...present(row), code, url: `${options.baseUrl}/invitations/${encodeURIComponent(code)}` };
}

/** Invitations not yet accepted, revoked or expired, newest first (without their codes). */
export async function listInvitations(db: Db, caller: OrganizationCaller, now: Date): Promise<InvitationList> {
  requirePermission(caller, 'administer', 'seeing invitations');
  const rows = await db.invitation.findMany({
    where: { organizationId: caller.organizationId, ...pending(now) },
    orderBy: { createdAt: 'desc' },
  });
  return { items: rows.map(present), next_cursor: null };
}

/** @throws AppError forbidden, not_found */
export async function revokeInvitation(db: Db, caller: OrganizationCaller, invitationId: string, now: Date): Promise<void> {
  requirePermission(caller, 'administer', 'revoking invitations');
  const { count } = isUuid(invitationId)
    ? await db.$transaction(async (tx) => {
        await requirePermissionLocked(tx, caller, 'administer', 'revoking invitations');
        return tx.invitation.updateMany({ where: { id: invitationId, organizationId: caller.organizationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
      })
    : { count: 0 };
  if (count === 0) throw new AppError('not_found', 'invitation not found');
}

/** The one answer for a code that is unknown, revoked, or spent by someone else: which of them it was is nobody's business. */
const unusable = () => new AppError('not_found', 'this invitation code is not valid; ask whoever invited you for a new one');

/**
 * Joins the organisation a live code invites to, with the role it names. Spending the code
 * and adding the membership happen together, under the organisation's lock (the member cap).
 * A member already in gets their organisation back and the code stays unspent — unless an
 * identity provider's claim made them a member: then the code is spent and the membership
 * becomes an invited one (never synced again). Unknown, revoked and spent codes are one 404
 * without details (a spent code is someone else's act); an expired one adds
 * `details.reason: "expired"`: the holder of a real code learns only what its expiry date says,
 * and a guessed code (192 random bits) is never a real one.
 * @throws AppError not_found; conflict at the member cap
 */
export async function acceptInvitation(db: Db, userId: string, code: string, options: { now: Date; caps: OrganizationCaps }): Promise<Organization> {
  const { now, caps } = options;
  return db.$transaction(async (tx) => {
    const found = await tx.invitation.findUnique({ where: { codeHash: hashToken(code) }, select: { id: true, organizationId: true } });
    if (!found) throw unusable();
    await lockOrganization(tx, found.organizationId);
    // Read under the lock: a concurrent acceptance, revocation or deletion has committed by now.
    const invitation = await tx.invitation.findUnique({ where: { id: found.id } });
    if (!invitation || invitation.revokedAt || invitation.acceptedAt) throw unusable();
    if (invitation.expiresAt <= now) throw new AppError('not_found', 'this invitation has expired; ask whoever invited you for a new one', { reason: 'expired' });
    const { organizationId } = invitation;
    const key = { organizationId_userId: { organizationId, userId } };
    const existing = await tx.membership.findUnique({ where: key, select: { role: true, grantedByIssuer: true } });
    // A member an identity provider's claim brought in becomes an invited one, kept whatever the
    // claim says later, with the stronger of the two roles (an owner never steps down this way).
    const joins = !existing || existing.grantedByIssuer !== null;
    const role = !existing ? invitation.role : joins ? strongerRole(existing.role, invitation.role) : existing.role;
    if (joins) {
      if (!existing) refuseAtCap(caps, 'membersPerOrganization', await tx.membership.count({ where: { organizationId } }));
      await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, acceptedBy: userId } });
      await tx.membership.upsert({ where: key, create: { organizationId, userId, role: invitation.role, createdAt: now }, update: { role, grantedByIssuer: null } });
    }
    return getOrganization(tx, { userId, organizationId, role, personal: false });
  });
}
