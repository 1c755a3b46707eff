import { isTerminalJob } from '@docket/contracts/jobs';
import type { Tx } from '@docket/db/create-prisma';
import type { Job as JobRow } from '@docket/db/generated/prisma/client';
import type { JobQueue } from '@docket/queue/job-queue';
import { enqueueCallback } from './callbacks/enqueue-callback.ts';
import { addDelta, moveJob, type StatDeltas } from './stat-deltas.ts';

export type DocumentOutcomes = { succeeded?: number; failed?: number; cancelled?: number };

/**
 * Adds terminal documents to their (locked) job's counts and, when that makes every
 * document terminal, settles the job: `completed` if any document succeeded, `failed` if
 * all failed, `cancelled` if none ran. A job already terminal (cancelled while a document
 * was still running) keeps its status; only its counts move. The caller holds the job lock,
 * so the settle happens exactly once — and so does the queueing of its completion callback.
 */
export async function addDocumentOutcomes(tx: Tx, queue: JobQueue, job: JobRow, outcomes: DocumentOutcomes, deltas: StatDeltas, now: Date): Promise<JobRow> {
  const processedCount = job.processedCount + (outcomes.succeeded ?? 0);
  const failedCount = job.failedCount + (outcomes.failed ?? 0);
  const cancelledCount = job.cancelledCount + (outcomes.cancelled ?? 0);
  const allTerminal = processedCount + failedCount + cancelledCount >= job.totalDocuments;

  let settled: Pick<JobRow, 'status' | 'completedAt' | 'error'> | null = null;
  if (allTerminal && !isTerminalJob(job.status)) {
    const status = processedCount > 0 ? 'completed' : failedCount > 0 ? 'failed' : 'cancelled';
    settled = { status, completedAt: now, error: summarise(status, failedCount, job.totalDocuments) };
    moveJob(deltas, job.status, status);
    addDelta(deltas.rollup, 'duration_ms_sum', now.getTime() - job.createdAt.getTime());
  }

  const updated = await tx.job.update({
    where: { id: job.id },
    data: { processedCount, failedCount, cancelledCount, updatedAt: now, ...settled },
  });
  if (settled) await enqueueCallback(tx, queue, updated);
  return updated;
}

function summarise(status: JobRow['status'], failed: number, total: number): string | null {
  if (status === 'failed') return total === 1 ? 'the document failed' : `all ${total} documents failed`;
  if (status === 'completed' && failed > 0) return `${failed} of ${total} documents failed`;
  return null;
}
