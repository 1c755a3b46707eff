import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreatedWebhookEndpointSchema, WebhookEndpointListSchema } from '@docket/contracts/webhooks';
import { api } from '../../../lib/api-client.ts';
import { webhookKeys } from './webhook-keys.ts';

export const webhookEndpointsQueryOptions = () =>
  queryOptions({
    queryKey: webhookKeys.list(),
    queryFn: async () => WebhookEndpointListSchema.parse(await api('/api/webhook-endpoints?limit=100')),
  });

export const useWebhookEndpoints = () => useQuery(webhookEndpointsQueryOptions());

export function useCreateWebhookEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => CreatedWebhookEndpointSchema.parse(await api('/api/webhook-endpoints', { method: 'POST', json: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}

export function useDeleteWebhookEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/webhook-endpoints/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}
