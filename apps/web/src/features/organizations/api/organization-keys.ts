import { membersKey } from '../../../lib/organization-members.ts';
import { queryRoots } from '../../../lib/query-roots.ts';

/** Every query key of the organisations feature: the user's organisations, and each one's members, invitations and identity links. */
export const organizationKeys = {
  all: queryRoots.organizations,
  /** Per user: another account signing in on this page must not see the last one's list. */
  lists: () => [...organizationKeys.all, 'list'] as const,
  list: (userId: string) => [...organizationKeys.lists(), userId] as const,
  detail: (organizationId: string) => [...organizationKeys.all, organizationId] as const,
  members: membersKey,
  invitations: (organizationId: string) => [...organizationKeys.detail(organizationId), 'invitations'] as const,
  identityLinks: (organizationId: string) => [...organizationKeys.detail(organizationId), 'identity-links'] as const,
};
