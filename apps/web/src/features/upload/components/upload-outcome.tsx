import { Link } from 'react-router';
import type { Job } from '@docket/contracts/jobs';

/** Where an upload stands: nothing sent yet, bytes going out, the job it made, or why it failed. */
export type UploadPhase = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'done'; job: Job } | { kind: 'failed'; message: string };

/** The last upload's result: a link to the job it made, or the reason it failed; nothing before or during one. */
export function UploadOutcome({ phase }: { phase: UploadPhase }) {
  if (phase.kind === 'done') {
    return (
      <div className="alert info" role="status">
        Uploaded: {phase.job.total_documents} document{phase.job.total_documents === 1 ? '' : 's'} queued. <Link to={`/jobs/${phase.job.id}`}>Open the job</Link>
      </div>
    );
  }
  if (phase.kind === 'failed') {
    return (
      <div className="alert error" role="alert">
        {phase.message}
      </div>
    );
  }
  return null;
}
