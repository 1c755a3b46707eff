import type { Job } from '@docket/contracts/jobs';
import { ProgressBar } from '../../../components/progress-bar.tsx';

/** How far the job got: a bar and the counts behind it. */
export function JobProgress({ job }: { job: Job }) {
  return (
    <section className="card" aria-label="Progress">
      <div className="progress-summary">
        <ProgressBar value={job.processed_count + job.failed_count} max={job.total_documents} label="Job progress" tone={job.status === 'completed' ? 'done' : undefined} />
        <span className="num" data-testid="job-counts">
          {job.processed_count} succeeded · {job.failed_count} failed · {job.total_documents} total
        </span>
      </div>
    </section>
  );
}
