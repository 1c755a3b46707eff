import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrganizationListSchema, OrganizationSchema, type Organization } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { organizationKeys } from './organization-keys.ts';

const path = (organizationId: string) => `/api/organizations/${encodeURIComponent(organizationId)}`;

export const organizationsQueryOptions = (userId: string) =>
  queryOptions({ queryKey: organizationKeys.list(userId), queryFn: async () => OrganizationListSchema.parse(await api('/api/organizations')) });

export const useOrganizationList = (userId: string) => useQuery(organizationsQueryOptions(userId));

/**
 * Fetches the user's organisations again, settling once the list is fresh: mutations return it
 * from `onSuccess`, so an organisation just created or joined is in the list before anything
 * selects it, and one left or deleted is gone.
 */
export function useRefreshOrganizations() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: organizationKeys.lists() });
}

export function useCreateOrganization() {
  const refresh = useRefreshOrganizations();
  return useMutation({
    mutationFn: async (name: string) => OrganizationSchema.parse(await api('/api/organizations', { method: 'POST', json: { name } })),
    onSuccess: refresh,
  });
}

export function useRenameOrganization(organization: Organization) {
  const refresh = useRefreshOrganizations();
  return useMutation({
    mutationFn: async (name: string) => OrganizationSchema.parse(await api(path(organization.id), { method: 'PATCH', json: { name } })),
    onSuccess: refresh,
  });
}

/** Refused (409) while the organisation holds jobs: the error carries the server's reason. */
export function useDeleteOrganization(organization: Organization) {
  const refresh = useRefreshOrganizations();
  return useMutation({ mutationFn: () => api<void>(path(organization.id), { method: 'DELETE' }), onSuccess: refresh });
}
