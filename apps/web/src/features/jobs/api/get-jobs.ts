import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { isTerminalJob, JobPageSchema, type JobStatus, type JobType } from '@docket/contracts/jobs';
import { api } from '../../../lib/api-client.ts';
import { jobKeys } from './job-keys.ts';

export type JobFilters = { status?: JobStatus; job_type?: JobType; cursor?: string };

export const jobsQueryOptions = (filters: JobFilters) =>
  queryOptions({
    queryKey: jobKeys.list(filters),
    queryFn: async () => {
      const params = new URLSearchParams({ limit: '20' });
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      return JobPageSchema.parse(await api(`/api/jobs?${params}`));
    },
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((job) => !isTerminalJob(job.status)) ? 1500 : false),
  });

export const useJobs = (filters: JobFilters) => useQuery(jobsQueryOptions(filters));
