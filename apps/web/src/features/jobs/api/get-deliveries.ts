import { queryOptions, useQuery } from '@tanstack/react-query';
import { CallbackDeliveryListSchema } from '@docket/contracts/callbacks';
import { api } from '../../../lib/api-client.ts';

export const deliveriesQueryOptions = (jobId: string, jobDone: boolean, enabled: boolean) =>
  queryOptions({
    enabled,
    queryKey: ['jobs', 'deliveries', jobId],
    queryFn: async () => CallbackDeliveryListSchema.parse(await api(`/api/jobs/${encodeURIComponent(jobId)}/deliveries?limit=100`)),
    // Poll until a callback got through: the job is running, its callback is queued, or its
    // latest attempt failed and a retry is scheduled.
    refetchInterval: (query) => {
      const latest = query.state.data?.items[0];
      return !jobDone || !latest || latest.error !== null ? 3000 : false;
    },
  });

export const useDeliveries = (jobId: string, jobDone: boolean, enabled: boolean) => useQuery(deliveriesQueryOptions(jobId, jobDone, enabled));
