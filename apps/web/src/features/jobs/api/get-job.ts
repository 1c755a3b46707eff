import { queryOptions, useQuery } from '@tanstack/react-query';
import { isTerminalJob, JobSchema } from '@docket/contracts/jobs';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { jobKeys } from './job-keys.ts';

export const jobQueryOptions = (organizationId: string, jobId: string) =>
  queryOptions({
    queryKey: jobKeys.detail(organizationId, jobId),
    queryFn: async () => JobSchema.parse(await api(`/api/jobs/${encodeURIComponent(jobId)}`, { organizationId })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && !isTerminalJob(status) ? 1000 : false;
    },
  });

export const useJob = (jobId: string) => useQuery(jobQueryOptions(useActiveOrganization().id, jobId));
