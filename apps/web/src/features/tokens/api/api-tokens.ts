import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiTokenListSchema, CreatedApiTokenSchema, type CreateTokenRequest } from '@docket/contracts/tokens';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { api } from '../../../lib/api-client.ts';
import { tokenKeys } from './token-keys.ts';

/** The organisation's live tokens: the user's own, or every member's for owners and admins. */
export const apiTokensQueryOptions = (organizationId: string) =>
  queryOptions({ queryKey: tokenKeys.list(organizationId), queryFn: async () => ApiTokenListSchema.parse(await api('/api/tokens', { organizationId })) });

export const useApiTokens = () => useQuery(apiTokensQueryOptions(useActiveOrganization().id));

/** A new token belongs to the active organisation and acts there, whatever a script's x-tenantid says. */
export function useCreateApiToken() {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: async (input: CreateTokenRequest) => CreatedApiTokenSchema.parse(await api('/api/tokens', { method: 'POST', json: input, organizationId })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.list(organizationId) }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/tokens/${id}`, { method: 'DELETE', organizationId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.list(organizationId) }),
  });
}
