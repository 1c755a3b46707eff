import { Link } from 'react-router';
import { isTerminalJob, type Job } from '@docket/contracts/jobs';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { PageHead } from '../../../components/page-head.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useMemberName } from '../../../lib/organization-members.ts';
import { useChangeJob } from '../api/change-job.ts';
import { useMayControlJob } from './may-control-job.ts';

/** The job's title, status, submitter and times, with Cancel while it runs and Retry while documents failed (for those who may). */
export function JobHead({ job }: { job: Job }) {
  const cancel = useChangeJob(job.id, 'cancel');
  const retry = useChangeJob(job.id, 'retry');
  const organization = useActiveOrganization();
  const memberName = useMemberName();
  const mayControl = useMayControlJob(job);
  const failedDocuments = job.documents.filter((document) => document.status === 'failed').length;
  const actions = mayControl && (
    <div className="actions">
      {!isTerminalJob(job.status) && (
        <button type="button" className="button danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
          Cancel job
        </button>
      )}
      {failedDocuments > 0 && (
        <button type="button" className="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
          Retry {failedDocuments} failed
        </button>
      )}
    </div>
  );
  return (
    <>
      <PageHead
        trail={
          <>
            <Link to="/jobs">Jobs</Link> / {job.id}
          </>
        }
        title={
          <>
            {job.job_type} job <StatusBadge status={job.status} />
          </>
        }
        actions={actions}
      >
        {!organization.personal && `Submitted by ${memberName(job.user_id)} · `}Created {formatDateTime(job.created_at)} · finished {formatDateTime(job.completed_at)}
      </PageHead>
      <ErrorAlert error={cancel.error ?? retry.error} fallback="The action failed." />
    </>
  );
}
