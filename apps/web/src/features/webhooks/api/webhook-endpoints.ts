import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreatedWebhookEndpointSchema, WebhookEndpointListSchema } from '@docket/contracts/webhooks';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { api } from '../../../lib/api-client.ts';
import { webhookKeys } from './webhook-keys.ts';

/** The organisation's endpoints (every member sees them; owners and admins create and delete them). */
export const webhookEndpointsQueryOptions = (organizationId: string) =>
  queryOptions({
    queryKey: webhookKeys.list(organizationId),
    queryFn: async () => WebhookEndpointListSchema.parse(await api('/api/webhook-endpoints?limit=100', { organizationId })),
  });

export const useWebhookEndpoints = () => useQuery(webhookEndpointsQueryOptions(useActiveOrganization().id));

export function useCreateWebhookEndpoint() {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: async (name: string) => CreatedWebhookEndpointSchema.parse(await api('/api/webhook-endpoints', { method: 'POST', json: { name }, organizationId })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(organizationId) }),
  });
}

export function useDeleteWebhookEndpoint() {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/webhook-endpoints/${id}`, { method: 'DELETE', organizationId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list(organizationId) }),
  });
}
