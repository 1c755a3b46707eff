import { queryRoots } from '../../../lib/query-roots.ts';
import type { JobFilters } from './get-jobs.ts';

/** Every query key of the jobs feature, per organisation; invalidating a prefix refreshes everything under it. */
export const jobKeys = {
  all: (organizationId: string) => [...queryRoots.jobs, organizationId] as const,
  lists: (organizationId: string) => [...jobKeys.all(organizationId), 'list'] as const,
  list: (organizationId: string, filters: JobFilters) => [...jobKeys.lists(organizationId), filters] as const,
  detail: (organizationId: string, jobId: string) => [...jobKeys.all(organizationId), 'detail', jobId] as const,
  documentText: (organizationId: string, jobId: string, documentId: string) => [...jobKeys.detail(organizationId, jobId), 'text', documentId] as const,
  deliveries: (organizationId: string, jobId: string) => [...jobKeys.all(organizationId), 'deliveries', jobId] as const,
};
