import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { JobSummary } from '@docket/contracts/jobs';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { useMemberName } from '../../../lib/organization-members.ts';

const COLUMNS: Array<DataColumn<JobSummary>> = [
  {
    header: 'Job',
    cell: (job) => (
      <>
        <Link to={`/jobs/${job.id}`}>{job.job_type}</Link> <span className="muted hide-narrow">{job.id.slice(0, 8)}</span>
      </>
    ),
  },
  { header: 'Status', cell: (job) => <StatusBadge status={job.status} /> },
  {
    header: 'Progress',
    cell: (job) => (
      <div className="progress-line">
        <ProgressBar
          value={job.processed_count + job.failed_count}
          max={job.total_documents}
          label={`Progress of job ${job.id}`}
          tone={job.status === 'completed' ? 'done' : job.status === 'failed' ? 'error' : undefined}
        />
        <span className="num">
          {job.processed_count}/{job.total_documents}
        </span>
      </div>
    ),
  },
  { header: 'Failed', className: 'num', cell: (job) => job.failed_count },
  { header: 'Created', className: 'hide-narrow', cellClassName: 'muted', cell: (job) => <RelativeTime iso={job.created_at} /> },
];

/** One page of the organisation's jobs, each with its progress and, in a shared organisation, who submitted it. */
export function JobsTable({ jobs, empty }: { jobs: JobSummary[]; empty: ReactNode }) {
  const organization = useActiveOrganization();
  const memberName = useMemberName();
  const columns = organization.personal ? COLUMNS : [...COLUMNS, { header: 'Submitted by', className: 'hide-narrow', cell: (job: JobSummary) => memberName(job.user_id) }];
  return <DataTable label="Jobs" columns={columns} rows={jobs} rowKey={(job) => job.id} empty={empty} />;
}
