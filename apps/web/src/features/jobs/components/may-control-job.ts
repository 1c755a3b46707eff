import type { JobSummary } from '@docket/contracts/jobs';
import { mayDo } from '@docket/contracts/organizations';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { useSignedInUser } from '../../../lib/use-signed-in-user.ts';

/**
 * Whether the user may cancel, retry or send the callback of `job` again: members their own
 * jobs, owners and admins every job of the organisation — what the server allows (it answers
 * 403 otherwise), so the page offers nothing it would refuse.
 */
export function useMayControlJob(job: Pick<JobSummary, 'user_id'>): boolean {
  const organization = useActiveOrganization();
  const me = useSignedInUser();
  return job.user_id === me?.id || mayDo(organization.role, 'manageJobs');
}
