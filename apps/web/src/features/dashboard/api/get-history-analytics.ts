import { queryOptions, useQuery } from '@tanstack/react-query';
import { HistoryAnalyticsSchema } from '@docket/contracts/history';
import type { HistoryScope } from '@docket/contracts/organizations';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { historyKeys } from './history-keys.ts';

export const ACTIVITY_RANGES = {
  '24h': { label: '24 hours', hours: 24, granularity: 'hourly' },
  '7d': { label: '7 days', hours: 7 * 24, granularity: 'daily' },
  '30d': { label: '30 days', hours: 30 * 24, granularity: 'daily' },
} as const;
export type ActivityRange = keyof typeof ACTIVITY_RANGES;

const HOUR_MS = 3_600_000;

/**
 * The activity of `scope` (see `historyStatsQueryOptions`) over the last `range`, in the browser's time zone for daily buckets.
 * `to` is the end of the current hour, so the query (and its cache entry) stays the same
 * for an hour; the server widens the range to whole buckets anyway.
 */
export function historyAnalyticsQueryOptions(organizationId: string, scope: HistoryScope, range: ActivityRange, live: boolean) {
  const { hours, granularity } = ACTIVITY_RANGES[range];
  const to = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
  const query = new URLSearchParams({ from: String(to - hours * HOUR_MS), to: String(to), granularity, scope });
  if (granularity === 'daily') query.set('tz', Intl.DateTimeFormat().resolvedOptions().timeZone);
  const sameNumbers = historyKeys.analyticsOf(organizationId, scope);
  return queryOptions({
    queryKey: historyKeys.analytics(organizationId, scope, range, to),
    queryFn: async () => HistoryAnalyticsSchema.parse(await api(`/api/history/analytics?${query}`, { organizationId })),
    // Another range of the same numbers stays on screen while the new one loads; numbers of the other scope never do.
    placeholderData: (previous, previousQuery) => (sameNumbers.every((part, i) => previousQuery?.queryKey[i] === part) ? previous : undefined),
    // Follows the stats: live while jobs are running, quiet otherwise.
    refetchInterval: live ? 3000 : false,
  });
}

export const useHistoryAnalytics = (scope: HistoryScope, range: ActivityRange, live: boolean) =>
  useQuery(historyAnalyticsQueryOptions(useActiveOrganization().id, scope, range, live));
