import { queryOptions, useQuery } from '@tanstack/react-query';
import { MemberListSchema } from '@docket/contracts/organizations';
import { api } from './api-client.ts';
import { useActiveOrganization } from './active-organization.ts';
import { queryRoots } from './query-roots.ts';
import { useSignedInUser } from './use-signed-in-user.ts';

/** The key of an organisation's member list: the members page manages it, jobs and tokens name their members from it. */
export const membersKey = (organizationId: string) => [...queryRoots.organizations, organizationId, 'members'] as const;

export const membersQueryOptions = (organizationId: string) =>
  queryOptions({
    queryKey: membersKey(organizationId),
    queryFn: async () => MemberListSchema.parse(await api(`/api/organizations/${encodeURIComponent(organizationId)}/members`)),
    // Other people change it (someone accepts an invitation, an owner removes someone): asked again whenever a page shows it.
    staleTime: 0,
  });

export const useMembers = (organizationId: string) => useQuery(membersQueryOptions(organizationId));

/**
 * Names the member behind a `user_id` of the active organisation: "you", their email, or "a
 * former member" (their jobs and tokens stay when they leave). Asks for the members only in a
 * shared organisation: in a personal one everything is the user's own.
 */
export function useMemberName(): (userId: string) => string {
  const organization = useActiveOrganization();
  const me = useSignedInUser();
  const members = useQuery({ ...membersQueryOptions(organization.id), enabled: !organization.personal });
  return (userId) => {
    if (userId === me?.id) return 'you';
    if (!members.data) return members.isError ? 'a member' : '…';
    return members.data.items.find((member) => member.user_id === userId)?.email ?? 'a former member';
  };
}
