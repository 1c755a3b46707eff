import { queryOptions, useQuery } from '@tanstack/react-query';
import { HistoryStatsSchema } from '@docket/contracts/history';
import { api } from '../../../lib/api-client.ts';
import { historyKeys } from './history-keys.ts';

export const historyStatsQueryOptions = () =>
  queryOptions({
    queryKey: historyKeys.stats(),
    queryFn: async () => HistoryStatsSchema.parse(await api('/api/history/stats')),
    // Live while anything is queued or running; quiet otherwise.
    refetchInterval: (query) => {
      const stats = query.state.data;
      return stats && stats.jobs_by_status.queued + stats.jobs_by_status.processing > 0 ? 1500 : false;
    },
  });

export const useHistoryStats = () => useQuery(historyStatsQueryOptions());
