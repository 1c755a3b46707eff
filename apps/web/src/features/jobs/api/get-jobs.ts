import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { isTerminalJob, JobPageSchema, type JobStatus, type JobType } from '@docket/contracts/jobs';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { jobKeys } from './job-keys.ts';

export type JobFilters = { status?: JobStatus; job_type?: JobType; cursor?: string };

/** A page of the organisation's jobs, every member's, newest first. */
export const jobsQueryOptions = (organizationId: string, filters: JobFilters) =>
  queryOptions({
    queryKey: jobKeys.list(organizationId, filters),
    queryFn: async () => {
      const params = new URLSearchParams({ limit: '20' });
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      return JobPageSchema.parse(await api(`/api/jobs?${params}`, { organizationId }));
    },
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((job) => !isTerminalJob(job.status)) ? 1500 : false),
  });

export const useJobs = (filters: JobFilters) => useQuery(jobsQueryOptions(useActiveOrganization().id, filters));
