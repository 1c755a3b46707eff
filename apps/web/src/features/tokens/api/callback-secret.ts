import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CallbackSecretSchema } from '@docket/contracts/callbacks';
import { api } from '../../../lib/api-client.ts';
import { tokenKeys } from './token-keys.ts';

/** Fetched only when asked for (the secret creates itself on first read). */
export const callbackSecretQueryOptions = (enabled: boolean) =>
  queryOptions({ queryKey: tokenKeys.callbackSecret(), queryFn: async () => CallbackSecretSchema.parse(await api('/api/callback-secret')), enabled, staleTime: Infinity });

export const useCallbackSecret = (enabled: boolean) => useQuery(callbackSecretQueryOptions(enabled));

export function useRotateCallbackSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => CallbackSecretSchema.parse(await api('/api/callback-secret/rotate', { method: 'POST' })),
    onSuccess: (secret) => queryClient.setQueryData(tokenKeys.callbackSecret(), secret),
  });
}
