import { queryOptions, useQuery } from '@tanstack/react-query';
import { CallbackDeliveryListSchema } from '@docket/contracts/callbacks';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { jobKeys } from './job-keys.ts';

/** `awaitItems`: keep polling until the list has that many attempts (after a redelivery). */
export const deliveriesQueryOptions = (organizationId: string, jobId: string, jobDone: boolean, enabled: boolean, awaitItems = 0) =>
  queryOptions({
    enabled,
    queryKey: jobKeys.deliveries(organizationId, jobId),
    queryFn: async () => CallbackDeliveryListSchema.parse(await api(`/api/jobs/${encodeURIComponent(jobId)}/deliveries?limit=100`, { organizationId })),
    // Poll until a callback got through: the job is running, its callback is queued, its
    // latest attempt failed and a retry is scheduled, or a redelivery has not arrived yet.
    refetchInterval: (query) => {
      const items = query.state.data?.items ?? [];
      return !jobDone || !items[0] || items[0].error !== null || items.length < awaitItems ? 3000 : false;
    },
  });

export const useDeliveries = (jobId: string, jobDone: boolean, enabled: boolean, awaitItems?: number) => useQuery(deliveriesQueryOptions(useActiveOrganization().id, jobId, jobDone, enabled, awaitItems));
