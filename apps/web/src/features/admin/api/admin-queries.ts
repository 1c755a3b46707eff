import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { AdminOrganizationPageSchema, AdminStatsSchema, AdminWorkersSchema, QueueStatsListSchema, QueueStatsSchema } from '@docket/contracts/admin';
import { api } from '../../../lib/api-client.ts';
import { adminKeys } from './admin-keys.ts';
import { useAdminNarrowing } from './admin-narrowing.ts';

// The admin view refreshes on its own: it watches a system that keeps moving.
const LIVE = 3_000;

// `organizationId` narrows a view to one organisation (sent as x-tenantid); none: the whole system.
export const adminStatsQueryOptions = (organizationId?: string) =>
  queryOptions({
    queryKey: adminKeys.stats(organizationId),
    queryFn: async () => AdminStatsSchema.parse(await api('/api/admin/stats', { organizationId })),
    refetchInterval: LIVE,
  });
export const queuesQueryOptions = (organizationId?: string) =>
  queryOptions({
    queryKey: adminKeys.queues(organizationId),
    queryFn: async () => QueueStatsListSchema.parse(await api('/api/admin/queues', { organizationId })),
    refetchInterval: LIVE,
  });
export const queueQueryOptions = (name: string, organizationId?: string) =>
  queryOptions({
    queryKey: adminKeys.queue(name, organizationId),
    queryFn: async () => QueueStatsSchema.parse(await api(`/api/admin/queues/${encodeURIComponent(name)}/stats`, { organizationId })),
    refetchInterval: LIVE,
  });
export const workersQueryOptions = (organizationId?: string) =>
  queryOptions({
    queryKey: adminKeys.workers(organizationId),
    queryFn: async () => AdminWorkersSchema.parse(await api('/api/admin/workers', { organizationId })),
    refetchInterval: LIVE,
  });
/** The first page of organisations whose name contains `query` (or whose id it is). */
export const adminOrganizationsQueryOptions = (query: string) =>
  queryOptions({
    queryKey: adminKeys.organizations(query),
    queryFn: async () => AdminOrganizationPageSchema.parse(await api(`/api/admin/organizations?${new URLSearchParams({ query, limit: '10' })}`)),
    placeholderData: keepPreviousData,
  });

export const useAdminStats = () => useQuery(adminStatsQueryOptions(useAdminNarrowing().organizationId));
export const useQueues = () => useQuery(queuesQueryOptions(useAdminNarrowing().organizationId));
export const useQueue = (name: string) => useQuery(queueQueryOptions(name, useAdminNarrowing().organizationId));
export const useWorkers = () => useQuery(workersQueryOptions(useAdminNarrowing().organizationId));
export const useAdminOrganizations = (query: string) => useQuery(adminOrganizationsQueryOptions(query));
