import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MemberListSchema, type OrganizationRole } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { organizationKeys } from './organization-keys.ts';
import { useRefreshOrganizations } from './organizations.ts';

const memberPath = (organizationId: string, userId: string) => `/api/organizations/${encodeURIComponent(organizationId)}/members/${encodeURIComponent(userId)}`;

/** PATCH a member's role; the answer is the whole member list, which replaces the cached one. */
export function useChangeMemberRole(organizationId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshOrganizations();
  return useMutation({
    mutationFn: async ({ userId, role }: { userId: string; role: OrganizationRole }) =>
      MemberListSchema.parse(await api(memberPath(organizationId, userId), { method: 'PATCH', json: { role } })),
    onSuccess: (members) => {
      queryClient.setQueryData(organizationKeys.members(organizationId), members);
      // The caller's own role may have changed with it (an owner stepping down).
      return refresh();
    },
  });
}

/** Removes a member, or the caller themselves (leaving). */
export function useRemoveMember(organizationId: string) {
  const queryClient = useQueryClient();
  const refresh = useRefreshOrganizations();
  return useMutation({
    mutationFn: (userId: string) => api<void>(memberPath(organizationId, userId), { method: 'DELETE' }),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: organizationKeys.members(organizationId) }), refresh()]),
  });
}
