import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { nextPeriod, UsageReportSchema } from '@docket/contracts/usage';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { api } from '../../../lib/api-client.ts';
import { usageKeys } from './usage-keys.ts';

/** The organisation's usage of one UTC month, by day. */
export const usageQueryOptions = (organizationId: string, monthStart: Date) => {
  const query = new URLSearchParams({ from: monthStart.toISOString(), to: nextPeriod(monthStart, 'monthly').toISOString(), granularity: 'daily' });
  return queryOptions({
    queryKey: usageKeys.month(organizationId, monthStart),
    queryFn: async () => UsageReportSchema.parse(await api(`/api/usage?${query}`, { organizationId })),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
};

export const useUsage = (monthStart: Date) => useQuery(usageQueryOptions(useActiveOrganization().id, monthStart));
