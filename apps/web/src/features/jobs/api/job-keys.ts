import { queryRoots } from '../../../lib/query-roots.ts';
import type { JobFilters } from './get-jobs.ts';

/** Every query key of the jobs feature; invalidating a prefix refreshes everything under it. */
export const jobKeys = {
  all: queryRoots.jobs,
  lists: () => [...jobKeys.all, 'list'] as const,
  list: (filters: JobFilters) => [...jobKeys.lists(), filters] as const,
  detail: (jobId: string) => [...jobKeys.all, 'detail', jobId] as const,
  documentText: (jobId: string, documentId: string) => [...jobKeys.detail(jobId), 'text', documentId] as const,
  deliveries: (jobId: string) => [...jobKeys.all, 'deliveries', jobId] as const,
};
