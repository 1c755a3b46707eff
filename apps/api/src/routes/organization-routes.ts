import { Router, type Request } from 'express';
import { createIdentityLink, deleteIdentityLink, listIdentityLinks } from '@docket/auth/organizations/identity-links';
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from '@docket/auth/organizations/invitations';
import { changeMemberRole, listMembers, removeMember } from '@docket/auth/organizations/manage-members';
import { createOrganization, deleteOrganization, getOrganization, listOrganizations, renameOrganization } from '@docket/auth/organizations/manage-organizations';
import { resolveCaller } from '@docket/auth/organizations/memberships';
import {
  AcceptInvitationRequestSchema,
  CreateIdentityLinkRequestSchema,
  CreateInvitationRequestSchema,
  CreateOrganizationRequestSchema,
  UpdateMemberRequestSchema,
  UpdateOrganizationRequestSchema,
} from '@docket/contracts/organizations';
import type { ApiDeps } from '../api-deps.ts';
import { authenticate, callerKey, requireScope, userIdOf } from '../http/authenticate.ts';
import { clientIp, limitRequests } from '../http/limit-requests.ts';
import { parseInput } from '../http/parse-input.ts';
import { publicBaseUrl } from '../http/public-base-url.ts';
import type { RateLimiters } from '../http/rate-limiters.ts';

/**
 * Organisations, their members and invitations (docs/api.md#organisations). Managed by
 * signed-in users (API tokens belong to one organisation and cannot manage any); the path
 * names the organisation, and a caller who is not a member gets 403 whether it exists or not.
 */
export function organizationRoutes(deps: ApiDeps, limiters: RateLimiters): Router {
  const { db, clock } = deps;
  const { organizationCaps: caps } = deps.settings;
  const router = Router();
  router.use(authenticate(deps), requireScope());
  const caller = (req: Request) => resolveCaller(deps.sql, userIdOf(req), String(req.params.id));
  const baseUrl = publicBaseUrl(deps.settings.publicUrl);
  const linkableIssuers = () => deps.oidc?.linkableIssuers ?? [];

  router.get('/', async (req, res) => {
    res.json(await listOrganizations(db, userIdOf(req)));
  });
  router.post('/', limitRequests(limiters['organizations-ip'], clientIp), limitRequests(limiters['organization-creation'], callerKey), async (req, res) => {
    const { name } = parseInput(CreateOrganizationRequestSchema, req.body, 'organisation');
    res.status(201).json(await createOrganization(db, userIdOf(req), name, { now: clock(), caps }));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getOrganization(db, await caller(req)));
  });
  router.patch('/:id', async (req, res) => {
    const { name } = parseInput(UpdateOrganizationRequestSchema, req.body, 'organisation');
    res.json(await renameOrganization(db, await caller(req), name));
  });
  router.delete('/:id', async (req, res) => {
    await deleteOrganization(db, await caller(req));
    res.status(204).end();
  });

  router.get('/:id/members', async (req, res) => {
    res.json(await listMembers(db, await caller(req)));
  });
  router.patch('/:id/members/:userId', async (req, res) => {
    const { role } = parseInput(UpdateMemberRequestSchema, req.body, 'member');
    await changeMemberRole(db, await caller(req), String(req.params.userId), role, clock());
    res.json(await listMembers(db, await caller(req)));
  });
  router.delete('/:id/members/:userId', async (req, res) => {
    await removeMember(db, await caller(req), String(req.params.userId), clock());
    res.status(204).end();
  });

  router.post('/:id/invitations', limitRequests(limiters['organizations-ip'], clientIp), limitRequests(limiters['invitation-creation'], callerKey), async (req, res) => {
    const input = parseInput(CreateInvitationRequestSchema, req.body ?? {}, 'invitation');
    res.status(201).json(await createInvitation(db, await caller(req), input, { now: clock(), baseUrl: baseUrl(req), caps }));
  });
  router.get('/:id/invitations', async (req, res) => {
    res.json(await listInvitations(db, await caller(req), clock()));
  });
  router.delete('/:id/invitations/:invitationId', async (req, res) => {
    await revokeInvitation(db, await caller(req), String(req.params.invitationId), clock());
    res.status(204).end();
  });

  router.post('/:id/identity-links', async (req, res) => {
    const input = parseInput(CreateIdentityLinkRequestSchema, req.body, 'identity link');
    res.status(201).json(await createIdentityLink(db, await caller(req), input, { linkableIssuers: linkableIssuers(), now: clock() }));
  });
  router.get('/:id/identity-links', async (req, res) => {
    res.json(await listIdentityLinks(db, await caller(req), { linkableIssuers: linkableIssuers() }));
  });
  router.delete('/:id/identity-links/:linkId', async (req, res) => {
    await deleteIdentityLink(db, await caller(req), String(req.params.linkId));
    res.status(204).end();
  });
  return router;
}

/**
 * `POST /api/invitations/accept {code}`: the signed-in user joins the organisation the code
 * invites to. Every code tried counts, per client IP and per account, so codes cannot be guessed.
 */
export function invitationRoutes(deps: ApiDeps, limiters: RateLimiters): Router {
  const router = Router();
  router.use(authenticate(deps), requireScope());
  router.post('/accept', limitRequests(limiters['invitation-codes-ip'], clientIp), limitRequests(limiters['invitation-codes-account'], callerKey), async (req, res) => {
    const { code } = parseInput(AcceptInvitationRequestSchema, req.body, 'invitation');
    res.json(await acceptInvitation(deps.db, userIdOf(req), code, { now: deps.clock(), caps: deps.settings.organizationCaps }));
  });
  return router;
}
