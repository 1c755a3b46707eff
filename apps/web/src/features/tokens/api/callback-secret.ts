import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CallbackSecretSchema } from '@docket/contracts/callbacks';
import { api } from '../../../lib/api-client.ts';

const KEY = ['callback-secret'];

/** Fetched only when asked for (the secret creates itself on first read). */
export const callbackSecretQueryOptions = (enabled: boolean) =>
  queryOptions({ queryKey: KEY, queryFn: async () => CallbackSecretSchema.parse(await api('/api/callback-secret')), enabled, staleTime: Infinity });

export const useCallbackSecret = (enabled: boolean) => useQuery(callbackSecretQueryOptions(enabled));

export function useRotateCallbackSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => CallbackSecretSchema.parse(await api('/api/callback-secret/rotate', { method: 'POST' })),
    onSuccess: (secret) => queryClient.setQueryData(KEY, secret),
  });
}
