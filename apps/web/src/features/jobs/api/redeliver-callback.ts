import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RedeliveryAcceptedSchema } from '@docket/contracts/callbacks';
import { api } from '../../../lib/api-client.ts';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { jobKeys } from './job-keys.ts';

/** POST /api/jobs/{id}/deliveries: send the finished job's callback again; the attempts list follows. */
export function useRedeliverCallback(jobId: string) {
  const queryClient = useQueryClient();
  const organizationId = useActiveOrganization().id;
  return useMutation({
    mutationFn: async () => RedeliveryAcceptedSchema.parse(await api(`/api/jobs/${encodeURIComponent(jobId)}/deliveries`, { method: 'POST', organizationId })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.deliveries(organizationId, jobId) }),
  });
}
