import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreatedInvitationSchema, InvitationListSchema, OrganizationSchema, type CreateInvitationRequest } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { organizationKeys } from './organization-keys.ts';
import { useRefreshOrganizations } from './organizations.ts';

const invitationsPath = (organizationId: string) => `/api/organizations/${encodeURIComponent(organizationId)}/invitations`;

/** Pending invitations (not accepted, revoked or expired), newest first, without their codes. */
export const invitationsQueryOptions = (organizationId: string) =>
  queryOptions({
    queryKey: organizationKeys.invitations(organizationId),
    queryFn: async () => InvitationListSchema.parse(await api(invitationsPath(organizationId))),
    // An invitation is spent by someone else's acceptance: asked again whenever the page shows it.
    staleTime: 0,
  });

export const useInvitations = (organizationId: string) => useQuery(invitationsQueryOptions(organizationId));

/** The answer holds the code and its link: the only time they are shown. */
export function useCreateInvitation(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateInvitationRequest) => CreatedInvitationSchema.parse(await api(invitationsPath(organizationId), { method: 'POST', json: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.invitations(organizationId) }),
  });
}

export function useRevokeInvitation(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => api<void>(`${invitationsPath(organizationId)}/${encodeURIComponent(invitationId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.invitations(organizationId) }),
  });
}

/** Joins the organisation a code invites to; the user's list holds it by the time this settles. */
export function useAcceptInvitation() {
  const refresh = useRefreshOrganizations();
  return useMutation({
    mutationFn: async (code: string) => OrganizationSchema.parse(await api('/api/invitations/accept', { method: 'POST', json: { code } })),
    onSuccess: refresh,
  });
}
