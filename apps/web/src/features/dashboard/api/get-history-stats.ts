import { queryOptions, useQuery } from '@tanstack/react-query';
import { HistoryStatsSchema } from '@docket/contracts/history';
import type { HistoryScope } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { historyKeys } from './history-keys.ts';

/** The numbers of `scope`: the organisation's jobs (every member's), or the user's own in every organisation. */
export const historyStatsQueryOptions = (organizationId: string, scope: HistoryScope) =>
  queryOptions({
    queryKey: historyKeys.stats(organizationId, scope),
    queryFn: async () => HistoryStatsSchema.parse(await api(`/api/history/stats?scope=${scope}`, { organizationId })),
    // Live while anything is queued or running; quiet otherwise.
    refetchInterval: (query) => {
      const stats = query.state.data;
      return stats && stats.jobs_by_status.queued + stats.jobs_by_status.processing > 0 ? 1500 : false;
    },
  });

export const useHistoryStats = (scope: HistoryScope) => useQuery(historyStatsQueryOptions(useActiveOrganization().id, scope));
