import { Link } from 'react-router';
import type { JobSummary } from '@docket/contracts/jobs';
import { CardSection } from '../../../components/card-section.tsx';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { EmptyState } from '../../../components/states.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { JobLink } from './job-link.tsx';

const COLUMNS: Array<DataColumn<JobSummary>> = [
  {
    header: 'Job',
    cell: (job) => (
      <JobLink jobId={job.id} organizationId={job.organization_id}>
        {job.job_type}
      </JobLink>
    ),
  },
  { header: 'Status', cell: (job) => <StatusBadge status={job.status} /> },
  { header: 'Documents', className: 'num', cell: (job) => `${job.processed_count} / ${job.total_documents}` },
  { header: 'Created', className: 'hide-narrow', cellClassName: 'muted', cell: (job) => <RelativeTime iso={job.created_at} /> },
];

/** The latest jobs of the numbers shown, or how to submit the first one. */
export function RecentActivity({ jobs }: { jobs: JobSummary[] }) {
  return (
    <CardSection id="recent" title="Recent activity">
      <DataTable
        label="Recent jobs"
        columns={COLUMNS}
        rows={jobs}
        rowKey={(job) => job.id}
        empty={
          <EmptyState>
            No jobs yet. <Link to="/upload">Upload your first documents</Link>.
          </EmptyState>
        }
      />
    </CardSection>
  );
}
