import type { DocumentStatus, JobStatus } from '@docket/contracts/jobs';

export function StatusBadge({ status }: { status: JobStatus | DocumentStatus }) {
  return <span className={`badge ${status}`}>{status}</span>;
}
