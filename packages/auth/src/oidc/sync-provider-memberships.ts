import { mayDo, strongerRole, type OrganizationRole } from '@docket/contracts/organizations';
import type { Db, Tx } from '@docket/db/create-prisma';
import { revokeInvitationsBy } from '../organizations/manage-members.ts';
import { lockOrganization } from '../organizations/organization-caps.ts';

type Change = { organizationId: string; role?: OrganizationRole };
type Grant = { userId: string; issuer: string; values: readonly string[] };
type SyncOptions = { now: Date; membersPerOrganization: number };

/**
 * Keeps the memberships an identity provider granted a user in step with the provider's
 * organisations claim, on every sign-in with one of its tokens: each organisation that links
 * one of `values` (organization_identity_links) gets the user as a member with the link's role
 * (the strongest, if several values link it); each membership this issuer granted whose
 * organisation links none of them any more goes. Memberships from invitations or from
 * creating the organisation (granted_by_issuer null) and those another provider granted are
 * never touched, and a sync never leaves an organisation without an owner: an owner it would
 * demote or remove stays as they are. Unknown values are ignored. The rules of member
 * management hold here too: a full organisation (ORG_MAX_MEMBERS) gets no new member until
 * one leaves, and a member demoted below admin or removed loses the invitations they made.
 *
 * Two reads when nothing changed (the links of the values through their unique index, the
 * user's memberships through theirs); changes are written in one transaction that locks each
 * organisation touched, in id order, as member management does (one owner check at a time).
 */
export async function syncProviderMemberships(db: Db, { userId, issuer, values }: Grant, options: SyncOptions): Promise<void> {
  const [links, memberships] = await Promise.all([
    values.length === 0
      ? []
      : db.organizationIdentityLink.findMany({ where: { issuer, claimValue: { in: [...values] } }, select: { organizationId: true, role: true } }),
    db.membership.findMany({ where: { userId }, select: { organizationId: true, role: true, grantedByIssuer: true } }),
  ]);
  const wanted = new Map<string, OrganizationRole>();
  for (const link of links) {
    const held = wanted.get(link.organizationId);
    wanted.set(link.organizationId, held ? strongerRole(held, link.role) : link.role);
  }
  const current = new Map(memberships.map((membership) => [membership.organizationId, membership]));
  const changes: Change[] = [];
  for (const [organizationId, role] of wanted) {
    const membership = current.get(organizationId);
    if (!membership || (membership.grantedByIssuer === issuer && membership.role !== role)) changes.push({ organizationId, role });
  }
  for (const membership of memberships) {
    if (membership.grantedByIssuer === issuer && !wanted.has(membership.organizationId)) changes.push({ organizationId: membership.organizationId });
  }
  if (changes.length === 0) return;
  changes.sort((a, b) => (a.organizationId < b.organizationId ? -1 : 1));
  await db.$transaction(async (tx) => {
    for (const change of changes) await applyChange(tx, { userId, issuer }, change, options);
  });
}

/** One organisation's change, decided again under its lock (a concurrent sign-in or a member change may have come first). */
async function applyChange(tx: Tx, { userId, issuer }: Omit<Grant, 'values'>, { organizationId, role }: Change, { now, membersPerOrganization }: SyncOptions): Promise<void> {
  await lockOrganization(tx, organizationId);
  const key = { organizationId_userId: { organizationId, userId } };
  const membership = await tx.membership.findUnique({ where: key, select: { role: true, grantedByIssuer: true } });
  if (!membership) {
    if (role && (await tx.membership.count({ where: { organizationId } })) < membersPerOrganization) {
      await tx.membership.create({ data: { organizationId, userId, role, grantedByIssuer: issuer, createdAt: now } });
    }
    return;
  }
  if (membership.grantedByIssuer !== issuer || membership.role === role) return;
  if (membership.role === 'owner' && (await tx.membership.count({ where: { organizationId, role: 'owner' } })) <= 1) return;
  if (role) await tx.membership.update({ where: key, data: { role } });
  else await tx.membership.delete({ where: key });
  if (!role || !mayDo(role, 'administer')) await revokeInvitationsBy(tx, organizationId, userId, now);
}
