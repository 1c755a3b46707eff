import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiTokenListSchema, CreatedApiTokenSchema, type CreateTokenRequest } from '@docket/contracts/tokens';
import { api } from '../../../lib/api-client.ts';
import { tokenKeys } from './token-keys.ts';

export const apiTokensQueryOptions = () =>
  queryOptions({ queryKey: tokenKeys.list(), queryFn: async () => ApiTokenListSchema.parse(await api('/api/tokens')) });

export const useApiTokens = () => useQuery(apiTokensQueryOptions());

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateTokenRequest) => CreatedApiTokenSchema.parse(await api('/api/tokens', { method: 'POST', json: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.list() }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.list() }),
  });
}
