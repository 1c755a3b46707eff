import type { JobSummary } from '@docket/contracts/jobs';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/states.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { formatRelativeTime } from '../../../lib/format.ts';

export function RecentActivity({ jobs }: { jobs: JobSummary[] }) {
  return (
    <section className="card" aria-labelledby="recent">
      <h2 id="recent">Recent activity</h2>
      {jobs.length === 0 ? (
        <EmptyState>
          No jobs yet. <Link to="/upload">Upload your first documents</Link>.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Job</th>
                <th>Status</th>
                <th className="num">Documents</th>
                <th className="hide-narrow">Created</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link to={`/jobs/${job.id}`}>{job.job_type}</Link>
                  </td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td className="num">
                    {job.processed_count} / {job.total_documents}
                  </td>
                  <td className="hide-narrow muted" title={job.created_at}>
                    {formatRelativeTime(job.created_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
