import { useState } from 'react';
import { Link } from 'react-router';
import { JOB_STATUSES, JOB_TYPES, type JobStatus, type JobType } from '@docket/contracts/jobs';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { formatRelativeTime } from '../../../lib/format.ts';
import { useJobs } from '../api/get-jobs.ts';

export function JobsPage() {
  const [status, setStatus] = useState<JobStatus | ''>('');
  const [jobType, setJobType] = useState<JobType | ''>('');
  // Cursors of the pages before the current one, for "Previous".
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const jobs = useJobs({ status: status || undefined, job_type: jobType || undefined, cursor });
  const resetPaging = () => setCursors([]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Jobs</h1>
          <p className="muted">Everything you submitted, newest first.</p>
        </div>
        <Link className="button primary" to="/upload">
          Upload documents
        </Link>
      </div>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="status-filter">Status</label>
          <select id="status-filter" value={status} onChange={(e) => (setStatus(e.target.value as JobStatus | ''), resetPaging())}>
            <option value="">All statuses</option>
            {JOB_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="type-filter">Type</label>
          <select id="type-filter" value={jobType} onChange={(e) => (setJobType(e.target.value as JobType | ''), resetPaging())}>
            <option value="">All types</option>
            {JOB_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
      </div>
      <section className="card">
        <QueryView query={jobs} loadingRows={5} empty={(data) => data.items.length === 0 && <EmptyState>{status || jobType ? 'No jobs match these filters.' : 'No jobs yet.'}</EmptyState>}>
          {(jobsData) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Job</th>
                    <th>Status</th>
                    <th>Progress</th>
                    <th className="num">Failed</th>
                    <th className="hide-narrow">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {jobsData.items.map((job) => (
                    <tr key={job.id}>
                      <td>
                        <Link to={`/jobs/${job.id}`}>{job.job_type}</Link> <span className="muted hide-narrow">{job.id.slice(0, 8)}</span>
                      </td>
                      <td>
                        <StatusBadge status={job.status} />
                      </td>
                      <td>
                        <div style={{ display: 'flex', gap: '0.6rem', alignItems: 'center' }}>
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
                      </td>
                      <td className="num">{job.failed_count}</td>
                      <td className="hide-narrow muted" title={job.created_at}>
                        {formatRelativeTime(job.created_at)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: '1rem' }}>
          <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </button>
          <button type="button" className="button" disabled={!jobs.data?.next_cursor} onClick={() => jobs.data?.next_cursor && setCursors((c) => [...c, jobs.data.next_cursor!])}>
            Next
          </button>
        </div>
      </section>
    </>
  );
}
