import { queryOptions, useQuery } from '@tanstack/react-query';
import { AdminStatsSchema, AdminWorkersSchema, QueueStatsListSchema, QueueStatsSchema } from '@docket/contracts/admin';
import { api } from '../../../lib/api-client.ts';
import { adminKeys } from './admin-keys.ts';

// The admin view refreshes on its own: it watches a system that keeps moving.
const LIVE = 3_000;

export const adminStatsQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.stats(), queryFn: async () => AdminStatsSchema.parse(await api('/api/admin/stats')), refetchInterval: LIVE });
export const queuesQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.queues(), queryFn: async () => QueueStatsListSchema.parse(await api('/api/admin/queues')), refetchInterval: LIVE });
export const queueQueryOptions = (name: string) =>
  queryOptions({
    queryKey: adminKeys.queue(name),
    queryFn: async () => QueueStatsSchema.parse(await api(`/api/admin/queues/${encodeURIComponent(name)}/stats`)),
    refetchInterval: LIVE,
  });
export const workersQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.workers(), queryFn: async () => AdminWorkersSchema.parse(await api('/api/admin/workers')), refetchInterval: LIVE });

export const useAdminStats = () => useQuery(adminStatsQueryOptions());
export const useQueues = () => useQuery(queuesQueryOptions());
export const useQueue = (name: string) => useQuery(queueQueryOptions(name));
export const useWorkers = () => useQuery(workersQueryOptions());
