import { z } from 'zod';
import { AppError } from './app-error.ts';
import { TimestampSchema, UuidSchema, displayNameSchema } from './common.ts';

/** The header that selects the organisation a call acts in (absent: the caller's personal one). */
export const TENANT_HEADER = 'x-tenantid';

export const ORGANIZATION_ROLES = ['owner', 'admin', 'member'] as const;
export const OrganizationRoleSchema = z.enum(ORGANIZATION_ROLES, { error: 'role must be owner, admin or member' }).meta({ id: 'OrganizationRole' });
export type OrganizationRole = z.infer<typeof OrganizationRoleSchema>;

/** What a role may do, checked by the domain (docs/api.md#organisations has the table). */
export const ORGANIZATION_PERMISSIONS = {
  /** Submit jobs, read the organisation's jobs, documents, statistics and usage, manage own API tokens. */
  use: ['owner', 'admin', 'member'],
  /** Cancel, retry or redeliver any member's job (members: their own), revoke any member's API token. */
  manageJobs: ['owner', 'admin'],
  /** Webhook endpoints, the callback secret, the name, invitations, members' roles (not owners'). */
  administer: ['owner', 'admin'],
  /** Link values of an identity provider's organisations claim to the organisation (owner links: owners only). */
  linkIdentities: ['owner', 'admin'],
  /** Make or unmake owners, delete the organisation. */
  own: ['owner'],
} as const satisfies Record<string, readonly OrganizationRole[]>;
export type OrganizationPermission = keyof typeof ORGANIZATION_PERMISSIONS;

/** Who acts, and where: the caller within the organisation the call selected. */
export type OrganizationCaller = { userId: string; organizationId: string; role: OrganizationRole; personal: boolean };

/** The stronger of two roles (owner, then admin, then member). */
export const strongerRole = (a: OrganizationRole, b: OrganizationRole): OrganizationRole => (ORGANIZATION_ROLES.indexOf(a) <= ORGANIZATION_ROLES.indexOf(b) ? a : b);

export function mayDo(role: OrganizationRole, permission: OrganizationPermission): boolean {
  return (ORGANIZATION_PERMISSIONS[permission] as readonly OrganizationRole[]).includes(role);
}

/**
 * Whether a member with role `caller` may change the role of, or remove, another member whose
 * role is `target`: owners manage everyone, admins manage admins and members, members nobody
 * (anyone may leave). The server enforces it; the dashboard offers only what it allows.
 */
export function mayManageMember(caller: OrganizationRole, target: OrganizationRole): boolean {
  return mayDo(caller, target === 'owner' ? 'own' : 'administer');
}

/** The roles `caller` may give a member whose role is `target`: none unless it may manage them, and only owners make owners. */
export function assignableRoles(caller: OrganizationRole, target: OrganizationRole): OrganizationRole[] {
  if (!mayManageMember(caller, target)) return [];
  return ORGANIZATION_ROLES.filter((role) => role !== 'owner' || mayDo(caller, 'own'));
}

/** @throws AppError forbidden unless the caller's role may do `permission` in its organisation. */
export function requirePermission(caller: OrganizationCaller, permission: OrganizationPermission, what: string): void {
  if (!mayDo(caller.role, permission)) throw new AppError('forbidden', `${what} takes an organisation ${permission === 'own' ? 'owner' : 'owner or admin'}; you are a ${caller.role}`);
}

export const OrganizationSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  /** The caller's personal organisation: theirs alone, created with the account. */
  personal: z.boolean(),
  /** The caller's role in it. */
  role: OrganizationRoleSchema,
  created_at: TimestampSchema,
}).meta({ id: 'Organization' });
export type Organization = z.infer<typeof OrganizationSchema>;

export const OrganizationListSchema = z.object({ items: z.array(OrganizationSchema), next_cursor: z.null() }).meta({ id: 'OrganizationList' });
export type OrganizationList = z.infer<typeof OrganizationListSchema>;

export const CreateOrganizationRequestSchema = z.object({ name: displayNameSchema(100) }).meta({ id: 'CreateOrganizationRequest' });
export type CreateOrganizationRequest = z.infer<typeof CreateOrganizationRequestSchema>;
export const UpdateOrganizationRequestSchema = CreateOrganizationRequestSchema.meta({ id: 'UpdateOrganizationRequest' });
export type UpdateOrganizationRequest = CreateOrganizationRequest;

export const MemberSchema = z.object({
  user_id: UuidSchema,
  email: z.string(),
  role: OrganizationRoleSchema,
  joined_at: TimestampSchema,
  /** The identity provider whose organisations claim made them a member (kept in step at each of their sign-ins); null for invitations. */
  granted_by_issuer: z.string().nullable(),
}).meta({ id: 'Member' });
export type Member = z.infer<typeof MemberSchema>;

export const MemberListSchema = z.object({ items: z.array(MemberSchema), next_cursor: z.null() }).meta({ id: 'MemberList' });
export type MemberList = z.infer<typeof MemberListSchema>;

export const UpdateMemberRequestSchema = z.object({ role: OrganizationRoleSchema }).meta({ id: 'UpdateMemberRequest' });
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequestSchema>;

/** Invitations make admins or members; owners are made from members. */
export const CreateInvitationRequestSchema = z.object({
  role: z.enum(['admin', 'member'], { error: 'role must be admin or member (owners are made from members)' }).default('member'),
  expires_in_days: z.number().int().min(1, 'expires_in_days must be at least 1').max(30, 'expires_in_days must be at most 30').default(7),
}).meta({ id: 'CreateInvitationRequest' });
export type CreateInvitationRequest = z.infer<typeof CreateInvitationRequestSchema>;

export const InvitationSchema = z.object({
  id: UuidSchema,
  role: OrganizationRoleSchema,
  created_at: TimestampSchema,
  expires_at: TimestampSchema,
}).meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof InvitationSchema>;

/** The create response: the only time the code is shown (there is no mail server: pass it on yourself). */
export const CreatedInvitationSchema = InvitationSchema.extend({
  code: z.string(),
  /** The dashboard page that accepts it. */
  url: z.string(),
}).meta({ id: 'CreatedInvitation' });
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;

export const InvitationListSchema = z.object({ items: z.array(InvitationSchema), next_cursor: z.null() }).meta({ id: 'InvitationList' });
export type InvitationList = z.infer<typeof InvitationListSchema>;

export const AcceptInvitationRequestSchema = z.object({ code: z.string().trim().min(1, 'code is required').max(200) }).meta({ id: 'AcceptInvitationRequest' });
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequestSchema>;

/** Which numbers a history read is about: the caller's own jobs (default) or the selected organisation's. */
export const HistoryScopeSchema = z.enum(['user', 'organization'], { error: 'scope must be user or organization' }).default('user');
export type HistoryScope = z.infer<typeof HistoryScopeSchema>;

/**
 * A value of an identity provider's organisations claim linked to the organisation: a token
 * of `issuer` whose claim holds `claim_value` makes its holder a member with `role`.
 */
export const IdentityLinkSchema = z.object({
  id: UuidSchema,
  issuer: z.string(),
  claim_value: z.string(),
  role: OrganizationRoleSchema,
  created_by: UuidSchema.nullable(),
  created_at: TimestampSchema,
}).meta({ id: 'IdentityLink' });
export type IdentityLink = z.infer<typeof IdentityLinkSchema>;

export const IdentityLinkListSchema = z.object({
  items: z.array(IdentityLinkSchema),
  next_cursor: z.null(),
  /** The issuers a new link may name: the configured identity providers with an organisations claim. */
  linkable_issuers: z.array(z.string()).meta({ description: 'The issuers a new link may name: the configured identity providers with an organisations claim (`OIDC_ORGANIZATIONS_CLAIM`, or `organizations_claim` in `OIDC_ISSUERS`); empty when there is none.' }),
}).meta({ id: 'IdentityLinkList' });
export type IdentityLinkList = z.infer<typeof IdentityLinkListSchema>;

/** The most characters of a claim value a link holds (values in tokens that are longer never match). */
export const MAX_CLAIM_VALUE_LENGTH = 200;

export const CreateIdentityLinkRequestSchema = z.object({
  issuer: z.string().trim().min(1, 'issuer is required').max(500, 'issuer must be at most 500 characters'),
  claim_value: z.string().trim().min(1, 'claim_value is required').max(MAX_CLAIM_VALUE_LENGTH, `claim_value must be at most ${MAX_CLAIM_VALUE_LENGTH} characters`),
  role: OrganizationRoleSchema.default('member'),
}).meta({ id: 'CreateIdentityLinkRequest' });
export type CreateIdentityLinkRequest = z.infer<typeof CreateIdentityLinkRequestSchema>;
