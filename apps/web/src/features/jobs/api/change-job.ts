import { useMutation, useQueryClient } from '@tanstack/react-query';
import { JobSchema } from '@docket/contracts/jobs';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { queryRoots } from '../../../lib/query-roots.ts';
import { jobKeys } from './job-keys.ts';

/** POST /api/jobs/{id}/cancel or /retry; refreshes the job, the lists and the dashboard (the user's own numbers span organisations: all of them). */
export function useChangeJob(jobId: string, action: 'cancel' | 'retry') {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: async () => JobSchema.parse(await api(`/api/jobs/${jobId}/${action}`, { method: 'POST', organizationId })),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(organizationId, jobId), job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists(organizationId) });
      void queryClient.invalidateQueries({ queryKey: queryRoots.history });
    },
  });
}
