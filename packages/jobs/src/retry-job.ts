import { AppError } from '@docket/contracts/app-error';
import { isTerminalJob, type Job } from '@docket/contracts/jobs';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import { findJobWithDocuments, lockJob, requireJobControl, scopeOf } from './job-rows.ts';
import type { JobDeps } from './job-deps.ts';
import { presentJob } from './present-job.ts';
import { addDelta, applyStatDeltas, emptyDeltas, moveDocuments, moveJob } from './stat-deltas.ts';
import { txExecutor } from './tx-executor.ts';

/**
 * Queues the failed documents of a job of the caller's organisation again, with a fresh
 * attempt budget, in the same transaction as their new queue jobs. A terminal job goes back
 * to `queued`.
 * @throws AppError not_found, forbidden (a member retrying another member's job),
 *   nothing_to_retry (409) when no document failed.
 */
export async function retryJob(deps: JobDeps, caller: OrganizationCaller, jobId: string): Promise<Job> {
  const now = deps.clock();
  const requeued = await deps.db.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId, scopeOf(caller));
    await requireJobControl(tx, caller, job, 'retry');
    const failed = await tx.document.findMany({ where: { jobId, status: 'failed' }, select: { id: true } });
    if (failed.length === 0) throw new AppError('nothing_to_retry', 'the job has no failed documents to retry');

    await tx.document.updateMany({
      where: { jobId, status: 'failed' },
      data: { status: 'queued', attempts: 0, error: null, startedAt: null, completedAt: null, processingMs: null, updatedAt: now },
    });

    const deltas = emptyDeltas();
    moveDocuments(deltas, 'failed', 'queued', failed.length);
    addDelta(deltas.rollup, 'documents_failed', -failed.length);
    const reopen = isTerminalJob(job.status);
    if (reopen) {
      moveJob(deltas, job.status, 'queued');
      addDelta(deltas.rollup, 'duration_ms_sum', -(job.completedAt!.getTime() - job.createdAt.getTime()));
    }
    await tx.job.update({
      where: { id: jobId },
      data: {
        failedCount: { decrement: failed.length },
        ...(reopen ? { status: 'queued', completedAt: null, error: null } : {}),
        updatedAt: now,
      },
    });
    await applyStatDeltas(tx, job, job, deltas);
    await deps.queue.enqueueDocuments(txExecutor(tx), failed.map(({ id }) => ({ document_id: id, job_id: jobId })));
    return failed.length;
  });
  deps.queue.wakeDocumentWorkers();
  deps.logger.info({ job_id: jobId, documents_requeued: requeued }, 'job retried');
  return presentJob(await findJobWithDocuments(deps.db, scopeOf(caller), jobId));
}
