import { isTerminalJob } from '@docket/contracts/jobs';
import type { Job as JobRow } from '@docket/db/generated/prisma/client';
import { addDelta, moveJob, type StatDeltas } from './stat-deltas.ts';

export type DocumentOutcomes = { succeeded?: number; failed?: number; cancelled?: number };

export type JobSettlement = Pick<JobRow, 'status' | 'completedAt' | 'error'>;

/**
 * What adding terminal documents (`outcomes`) does to their locked job, for the caller to
 * write in its own statement: the new counts and, when that makes every document terminal,
 * how the job settles — `completed` if any document succeeded, `failed` if all failed,
 * `cancelled` if none ran. A job already terminal (cancelled while a document was still
 * running) keeps its status; only its counts move. The caller holds the job lock, so the
 * settle happens exactly once — and so does the queueing of its completion callback. The
 * statistics of a settle go into `deltas`.
 */
export function countOutcomes(
  job: JobRow,
  outcomes: DocumentOutcomes,
  deltas: StatDeltas,
  now: Date,
): { counts: Pick<JobRow, 'processedCount' | 'failedCount' | 'cancelledCount'>; settled: JobSettlement | null } {
  const processedCount = job.processedCount + (outcomes.succeeded ?? 0);
  const failedCount = job.failedCount + (outcomes.failed ?? 0);
  const cancelledCount = job.cancelledCount + (outcomes.cancelled ?? 0);
  const allTerminal = processedCount + failedCount + cancelledCount >= job.totalDocuments;

  let settled: JobSettlement | null = null;
  if (allTerminal && !isTerminalJob(job.status)) {
    const status = processedCount > 0 ? 'completed' : failedCount > 0 ? 'failed' : 'cancelled';
    settled = { status, completedAt: now, error: summarise(status, failedCount, job.totalDocuments) };
    moveJob(deltas, job.status, status);
    addDelta(deltas.rollup, 'duration_ms_sum', now.getTime() - job.createdAt.getTime());
  }
  return { counts: { processedCount, failedCount, cancelledCount }, settled };
}

function summarise(status: JobRow['status'], failed: number, total: number): string | null {
  if (status === 'failed') return total === 1 ? 'the document failed' : `all ${total} documents failed`;
  if (status === 'completed' && failed > 0) return `${failed} of ${total} documents failed`;
  return null;
}
