import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { UuidSchema } from '@docket/contracts/common';
import {
  AcceptInvitationRequestSchema,
  CreateInvitationRequestSchema,
  CreateIdentityLinkRequestSchema,
  CreateOrganizationRequestSchema,
  CreatedInvitationSchema,
  IdentityLinkListSchema,
  IdentityLinkSchema,
  InvitationListSchema,
  MemberListSchema,
  OrganizationListSchema,
  OrganizationSchema,
  UpdateMemberRequestSchema,
  UpdateOrganizationRequestSchema,
} from '@docket/contracts/organizations';
import { SESSION, defineOperation, json } from './define-operation.ts';

const TAG = 'Organizations';
const organizationPath = z.object({ id: UuidSchema.meta({ description: 'The organisation’s id.' }) });
const memberPath = organizationPath.extend({ userId: UuidSchema.meta({ description: 'The member’s user id.' }) });
const invitationPath = organizationPath.extend({ invitationId: UuidSchema.meta({ description: 'The invitation’s id.' }) });
const linkPath = organizationPath.extend({ linkId: UuidSchema.meta({ description: 'The identity link’s id.' }) });

/** Every route under `/api/organizations/{id}` refuses a caller who is not a member, whether the organisation exists or not. */
const NOT_A_MEMBER = 'the caller is not a member of this organisation (one that does not exist gets the same answer)';
const STRANGER = `\`forbidden\`: ${NOT_A_MEMBER}.`;
/** A 403 for `reason`, or for a caller who is not a member at all. */
const forbidden = (reason: string) => `\`forbidden\`: ${reason}, or ${NOT_A_MEMBER}.`;
const ADMINISTERS = forbidden('the caller is a `member` (this takes an owner or admin)');
/** The details of a 409 at one of the ORG_MAX_* caps. */
const CAP_DETAILS = '`details`: `{limit, max}`, the cap’s name and value';

/**
 * `/api/organizations` and `/api/invitations/accept` (routes/organization-routes.ts):
 * organisations, their members and invitations. Managed by signed-in users; the path names
 * the organisation (no `x-tenantid`), and API tokens cannot manage any.
 */
export const organizationOperations: ZodOpenApiPathsObject = {
  '/api/organizations': {
    get: defineOperation({
      operationId: 'listOrganizations',
      tag: TAG,
      summary: 'List the caller’s organisations',
      description: 'Every organisation the caller belongs to, with their role in it: the personal one first, then by name. One page, always (`next_cursor` is null).',
      access: SESSION,
      responses: { 200: { description: 'The organisations.', content: json(OrganizationListSchema) } },
    }),
    post: defineOperation({
      operationId: 'createOrganization',
      tag: TAG,
      summary: 'Create an organisation',
      description: 'A shared organisation with the caller as its owner; invite others with `POST /api/organizations/{id}/invitations`. An account owns at most `ORG_MAX_OWNED` shared organisations (20 by default).',
      access: SESSION,
      limits: ['organizations-ip', 'organization-creation'],
      json: CreateOrganizationRequestSchema,
      responses: { 201: { description: 'The organisation (`role`: `owner`).', content: json(OrganizationSchema) } },
      errors: { 409: `\`conflict\`: the caller already owns \`ORG_MAX_OWNED\` shared organisations (${CAP_DETAILS}).` },
    }),
  },
  '/api/organizations/{id}': {
    get: defineOperation({
      operationId: 'getOrganization',
      tag: TAG,
      summary: 'Get an organisation',
      access: SESSION,
      params: { path: organizationPath },
      responses: { 200: { description: 'The organisation, with the caller’s role in it.', content: json(OrganizationSchema) } },
      errors: { 403: STRANGER },
    }),
    patch: defineOperation({
      operationId: 'renameOrganization',
      tag: TAG,
      summary: 'Rename an organisation',
      description: 'Owners and admins. A personal organisation keeps its account’s name.',
      access: SESSION,
      params: { path: organizationPath },
      json: UpdateOrganizationRequestSchema,
      responses: { 200: { description: 'The renamed organisation.', content: json(OrganizationSchema) } },
      errors: { 400: '`validation_failed`: a body that breaks the contract, or a personal organisation (it is named after its account).', 403: ADMINISTERS },
    }),
    delete: defineOperation({
      operationId: 'deleteOrganization',
      tag: TAG,
      summary: 'Delete an organisation',
      description: 'Owners only, and only once the organisation holds no jobs (their history and statistics would go with it). Its members, invitations, API tokens and webhook endpoints go with it.',
      access: SESSION,
      params: { path: organizationPath },
      responses: { 204: { description: 'Deleted.' } },
      errors: { 403: forbidden('the caller is not an owner'), 409: '`conflict`: a personal organisation (it lasts as long as its account), or one that still holds jobs.' },
    }),
  },
  '/api/organizations/{id}/members': {
    get: defineOperation({
      operationId: 'listMembers',
      tag: TAG,
      summary: 'List an organisation’s members',
      description: 'Owners first, then admins, then members, each by email. One page, always (`next_cursor` is null).',
      access: SESSION,
      params: { path: organizationPath },
      responses: { 200: { description: 'The members.', content: json(MemberListSchema) } },
      errors: { 403: STRANGER },
    }),
  },
  '/api/organizations/{id}/members/{userId}': {
    patch: defineOperation({
      operationId: 'changeMemberRole',
      tag: TAG,
      summary: 'Change a member’s role',
      description:
        'Owners and admins change admins and members; only an owner makes or unmakes an owner. An organisation always keeps an owner. The caller’s role is read again under a lock of the organisation. A member demoted to `member` loses the pending invitations they made.',
      access: SESSION,
      params: { path: memberPath },
      json: UpdateMemberRequestSchema,
      responses: { 200: { description: 'The members after the change.', content: json(MemberListSchema) } },
      errors: {
        403: forbidden('the caller is a `member`, or an admin making or unmaking an owner'),
        404: '`not_found`: no such member of this organisation.',
        409: '`conflict`: the last owner stepping down (make another member an owner first).',
      },
    }),
    delete: defineOperation({
      operationId: 'removeMember',
      tag: TAG,
      summary: 'Remove a member (or leave)',
      description:
        'Owners and admins remove others (only an owner removes an owner); anyone may remove themselves, which is leaving. The member’s jobs, tokens and endpoints stay with the organisation; their API tokens of it stop working, and the pending invitations they made are revoked. The caller’s role is read again under a lock of the organisation (two owners removing each other at once: one stays).',
      access: SESSION,
      params: { path: memberPath },
      responses: { 204: { description: 'Removed.' } },
      errors: {
        403: forbidden('a `member` removing someone else, or an admin removing an owner'),
        404: '`not_found`: no such member of this organisation.',
        409: '`conflict`: the last owner leaving, or anyone leaving a personal organisation.',
      },
    }),
  },
  '/api/organizations/{id}/invitations': {
    post: defineOperation({
      operationId: 'createInvitation',
      tag: TAG,
      summary: 'Invite someone',
      description:
        'Owners and admins. An invitation code (`dki_…`), shown only in this answer, and the dashboard link that accepts it (`<PUBLIC_URL>/invitations/<code>`): there is no mail server, pass it on yourself. Good for one acceptance until it expires or is revoked.',
      access: SESSION,
      limits: ['organizations-ip', 'invitation-creation'],
      params: { path: organizationPath },
      json: CreateInvitationRequestSchema,
      jsonRequired: false,
      responses: { 201: { description: 'The invitation, with its code.', content: json(CreatedInvitationSchema) } },
      errors: {
        403: ADMINISTERS,
        409: `\`conflict\`: a personal organisation (it has one member), or one with \`ORG_MAX_PENDING_INVITATIONS\` pending invitations already (${CAP_DETAILS}).`,
      },
    }),
    get: defineOperation({
      operationId: 'listInvitations',
      tag: TAG,
      summary: 'List pending invitations',
      description: 'Owners and admins: the invitations not yet accepted, revoked or expired, newest first (without their codes). One page, always (`next_cursor` is null).',
      access: SESSION,
      params: { path: organizationPath },
      responses: { 200: { description: 'The pending invitations.', content: json(InvitationListSchema) } },
      errors: { 403: ADMINISTERS },
    }),
  },
  '/api/organizations/{id}/invitations/{invitationId}': {
    delete: defineOperation({
      operationId: 'revokeInvitation',
      tag: TAG,
      summary: 'Revoke an invitation',
      description: 'Owners and admins. Its code stops working at once.',
      access: SESSION,
      params: { path: invitationPath },
      responses: { 204: { description: 'Revoked.' } },
      errors: { 403: ADMINISTERS, 404: '`not_found`: no invitation of this organisation with that id that is neither accepted nor revoked.' },
    }),
  },
  '/api/organizations/{id}/identity-links': {
    post: defineOperation({
      operationId: 'createIdentityLink',
      tag: TAG,
      summary: 'Link an identity-provider claim value',
      description:
        'Owners and admins (the `owner` role: owners only). From their next sign-in with a token of `issuer` whose organisations claim (`OIDC_ORGANIZATIONS_CLAIM`, or `organizations_claim` in `OIDC_ISSUERS`) holds `claim_value`, its holders are members with `role`; when a later token no longer holds it, the membership goes. Memberships from invitations are never touched, and an organisation is never left without an owner. At most 100 links per organisation.',
      access: SESSION,
      params: { path: organizationPath },
      json: CreateIdentityLinkRequestSchema,
      responses: { 201: { description: 'The link.', content: json(IdentityLinkSchema) } },
      errors: {
        400: '`validation_failed`: also an `issuer` that is not a configured identity provider with an organisations claim.',
        403: forbidden('the caller is a `member`, or an admin linking the `owner` role'),
        409: '`conflict`: a personal organisation, the same issuer and value linked already, or 100 links.',
      },
    }),
    get: defineOperation({
      operationId: 'listIdentityLinks',
      tag: TAG,
      summary: 'List identity-provider links',
      description: 'Owners and admins: the organisation’s links, by issuer and claim value, and `linkable_issuers`, the issuers a new link may name. One page, always (`next_cursor` is null).',
      access: SESSION,
      params: { path: organizationPath },
      responses: { 200: { description: 'The links.', content: json(IdentityLinkListSchema) } },
      errors: { 403: ADMINISTERS },
    }),
  },
  '/api/organizations/{id}/identity-links/{linkId}': {
    delete: defineOperation({
      operationId: 'deleteIdentityLink',
      tag: TAG,
      summary: 'Delete an identity-provider link',
      description:
        'Owners and admins (a link with the `owner` role: owners only). Members it brought in stay until their next sign-in with that provider, which removes them unless another link still holds.',
      access: SESSION,
      params: { path: linkPath },
      responses: { 204: { description: 'Deleted.' } },
      errors: { 403: forbidden('the caller is a `member`, or an admin unlinking the `owner` role'), 404: '`not_found`: no link of this organisation with that id.' },
    }),
  },
  '/api/invitations/accept': {
    post: defineOperation({
      operationId: 'acceptInvitation',
      tag: TAG,
      summary: 'Accept an invitation',
      description:
        'The caller joins the organisation the code invites to, with the role it names, and spends the code. A member already in gets the organisation back and the code stays unspent. Every code tried counts against the limits, per client IP and per account.',
      access: SESSION,
      limits: ['invitation-codes-ip', 'invitation-codes-account'],
      json: AcceptInvitationRequestSchema,
      responses: { 200: { description: 'The organisation joined, with the caller’s role in it.', content: json(OrganizationSchema) } },
      errors: {
        404: '`not_found`: a code that is unknown, already used or revoked (one answer, without details, for all three), or expired (`details.reason`: `expired`).',
        409: `\`conflict\`: the organisation has \`ORG_MAX_MEMBERS\` members already (${CAP_DETAILS}).`,
      },
    }),
  },
};
