import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CallbackSecretSchema } from '@docket/contracts/callbacks';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { api } from '../../../lib/api-client.ts';
import { tokenKeys } from './token-keys.ts';

/** The organisation's secret, fetched only when asked for (it creates itself on first read). */
export const callbackSecretQueryOptions = (organizationId: string, enabled: boolean) =>
  queryOptions({
    queryKey: tokenKeys.callbackSecret(organizationId),
    queryFn: async () => CallbackSecretSchema.parse(await api('/api/callback-secret', { organizationId })),
    enabled,
    staleTime: Infinity,
  });

export const useCallbackSecret = (enabled: boolean) => useQuery(callbackSecretQueryOptions(useActiveOrganization().id, enabled));

/** Owners and admins only (the server refuses members). */
export function useRotateCallbackSecret() {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: async () => CallbackSecretSchema.parse(await api('/api/callback-secret/rotate', { method: 'POST', organizationId })),
    onSuccess: (secret) => queryClient.setQueryData(tokenKeys.callbackSecret(organizationId), secret),
  });
}
