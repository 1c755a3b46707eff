import { AppError } from '@docket/contracts/app-error';
import { isUuid } from '@docket/contracts/common';
import { mayDo, requirePermission, type CreateIdentityLinkRequest, type IdentityLink, type IdentityLinkList, type OrganizationCaller } from '@docket/contracts/organizations';
import type { Db } from '@docket/db/create-prisma';
import { Prisma } from '@docket/db/generated/prisma/client';

/** The most links one organisation holds: each is a group of people, not a person. */
export const MAX_IDENTITY_LINKS = 100;

type LinkRow = { id: string; issuer: string; claimValue: string; role: IdentityLink['role']; createdBy: string | null; createdAt: Date };

const present = (row: LinkRow): IdentityLink => ({
  id: row.id,
  issuer: row.issuer,
  claim_value: row.claimValue,
  role: row.role,
  created_by: row.createdBy,
  created_at: row.createdAt.toISOString(),
});

/**
 * The organisation's links, by issuer and claim value: for owners and admins, as invitations are.
 * With them the `linkableIssuers` a new link may name, so a form offers only those.
 * @throws AppError forbidden
 */
export async function listIdentityLinks(db: Db, caller: OrganizationCaller, options: { linkableIssuers: readonly string[] }): Promise<IdentityLinkList> {
  requirePermission(caller, 'linkIdentities', 'reading identity-provider links');
  const rows = await db.organizationIdentityLink.findMany({ where: { organizationId: caller.organizationId }, orderBy: [{ issuer: 'asc' }, { claimValue: 'asc' }] });
  return { items: rows.map(present), next_cursor: null, linkable_issuers: [...options.linkableIssuers] };
}

/**
 * Links a value of an identity provider's organisations claim to the caller's organisation:
 * from each holder's next sign-in with a token of that provider carrying the value, they are
 * a member with `role`. Owners and admins link; only owners link the owner role (as only they
 * make owners). `linkableIssuers` are the providers with an organisations claim configured.
 * @throws AppError forbidden; validation_failed (an issuer that is not linkable); conflict (a
 * personal organisation, the same link twice, more than MAX_IDENTITY_LINKS)
 */
export async function createIdentityLink(
  db: Db,
  caller: OrganizationCaller,
  input: CreateIdentityLinkRequest,
  options: { linkableIssuers: readonly string[]; now: Date },
): Promise<IdentityLink> {
  requirePermission(caller, 'linkIdentities', 'linking identity-provider claims');
  if (input.role === 'owner' && !mayDo(caller.role, 'own')) throw new AppError('forbidden', 'only an owner links the owner role');
  if (caller.personal) throw new AppError('conflict', 'a personal organisation has its account alone as member; link claims to a shared organisation');
  if (!options.linkableIssuers.includes(input.issuer)) {
    const known = options.linkableIssuers.length ? `one of ${options.linkableIssuers.join(', ')}` : 'none is configured (OIDC_ORGANIZATIONS_CLAIM, or organizations_claim in OIDC_ISSUERS)';
    throw new AppError('validation_failed', `issuer must be an identity provider with an organisations claim: ${known}`, [{ path: 'issuer', message: 'not a provider with an organisations claim' }]);
  }
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${caller.organizationId}::uuid FOR UPDATE`;
      if ((await tx.organizationIdentityLink.count({ where: { organizationId: caller.organizationId } })) >= MAX_IDENTITY_LINKS) {
        throw new AppError('conflict', `an organisation holds at most ${MAX_IDENTITY_LINKS} links; delete one first`);
      }
      const row = await tx.organizationIdentityLink.create({
        data: { organizationId: caller.organizationId, issuer: input.issuer, claimValue: input.claim_value, role: input.role, createdBy: caller.userId, createdAt: options.now },
      });
      return present(row);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', `${input.issuer}'s claim value ${JSON.stringify(input.claim_value)} is already linked to this organisation`);
    }
    throw error;
  }
}

/**
 * Deletes one of the organisation's links. Members it brought in keep their membership until
 * their next sign-in with that provider, which removes it unless another link still holds.
 * @throws AppError forbidden; not_found (no such link in this organisation, whoever's it is)
 */
export async function deleteIdentityLink(db: Db, caller: OrganizationCaller, linkId: string): Promise<void> {
  requirePermission(caller, 'linkIdentities', 'unlinking identity-provider claims');
  const link = isUuid(linkId) ? await db.organizationIdentityLink.findFirst({ where: { id: linkId, organizationId: caller.organizationId }, select: { role: true } }) : null;
  if (!link) throw new AppError('not_found', 'no such identity link in this organisation');
  if (link.role === 'owner' && !mayDo(caller.role, 'own')) throw new AppError('forbidden', 'only an owner unlinks the owner role');
  await db.organizationIdentityLink.deleteMany({ where: { id: linkId, organizationId: caller.organizationId } });
}
