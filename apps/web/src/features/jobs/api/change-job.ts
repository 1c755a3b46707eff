import { useMutation, useQueryClient } from '@tanstack/react-query';
import { JobSchema } from '@docket/contracts/jobs';
import { api } from '../../../lib/api-client.ts';
import { queryRoots } from '../../../lib/query-roots.ts';
import { jobKeys } from './job-keys.ts';

/** POST /api/jobs/{id}/cancel or /retry; refreshes the job, the lists and the dashboard. */
export function useChangeJob(jobId: string, action: 'cancel' | 'retry') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => JobSchema.parse(await api(`/api/jobs/${jobId}/${action}`, { method: 'POST' })),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(jobId), job);
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: queryRoots.history });
    },
  });
}
