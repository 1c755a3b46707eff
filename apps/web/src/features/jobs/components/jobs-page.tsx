import { useState } from 'react';
import { Link } from 'react-router';
import { JOB_STATUSES, JOB_TYPES, type JobStatus, type JobType } from '@docket/contracts/jobs';
import { PageHead } from '../../../components/page-head.tsx';
import { SelectField } from '../../../components/select-field.tsx';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { useActiveOrganization } from '../../../lib/active-organization.ts';
import { useJobs } from '../api/get-jobs.ts';
import { JobsTable } from './jobs-table.tsx';

export function JobsPage() {
  const organization = useActiveOrganization();
  const [status, setStatus] = useState<JobStatus | ''>('');
  const [jobType, setJobType] = useState<JobType | ''>('');
  // Cursors of the pages before the current one, for "Previous".
  const [cursors, setCursors] = useState<string[]>([]);
  const jobs = useJobs({ status: status || undefined, job_type: jobType || undefined, cursor: cursors.at(-1) });
  const nextCursor = jobs.data?.next_cursor;

  return (
    <>
      <PageHead
        title="Jobs"
        actions={
          <Link className="button primary" to="/upload">
            Upload documents
          </Link>
        }
      >
        {organization.personal ? 'Everything you submitted, newest first.' : `Everything submitted in ${organization.name}, by every member, newest first.`}
      </PageHead>
      <div className="toolbar">
        <SelectField id="status-filter" label="Status" value={status} options={[{ value: '', label: 'All statuses' }, ...JOB_STATUSES]} onChange={(value) => (setStatus(value), setCursors([]))} />
        <SelectField id="type-filter" label="Type" value={jobType} options={[{ value: '', label: 'All types' }, ...JOB_TYPES]} onChange={(value) => (setJobType(value), setCursors([]))} />
      </div>
      <section className="card">
        <QueryView query={jobs} loadingRows={5}>
          {(page) => <JobsTable jobs={page.items} empty={<EmptyState>{status || jobType ? 'No jobs match these filters.' : 'No jobs yet.'}</EmptyState>} />}
        </QueryView>
        <div className="pager">
          <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </button>
          <button type="button" className="button" disabled={!nextCursor} onClick={() => nextCursor && setCursors((c) => [...c, nextCursor])}>
            Next
          </button>
        </div>
      </section>
    </>
  );
}
