import type { HistoryAnalytics } from '@docket/contracts/history';
import { formatRelativeTime } from '../../../lib/format.ts';
import { JobLink } from './job-link.tsx';

/** The five latest failed jobs of the range, each with its reason; nothing when none failed. */
export function RecentFailures({ failures }: { failures: HistoryAnalytics['recent_failures'] }) {
  if (failures.length === 0) return null;
  return (
    <>
      <h3 className="subheading">Latest failures</h3>
      <ul className="failure-list">
        {failures.slice(0, 5).map((failure) => (
          <li key={failure.job_id}>
            <JobLink jobId={failure.job_id} organizationId={failure.organization_id}>
              {failure.job_type} job
            </JobLink> <span className="muted">{formatRelativeTime(failure.created_at)}</span> —{' '}
            <span className="field-error inline">{failure.error ?? 'failed'}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
