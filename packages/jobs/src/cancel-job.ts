import { AppError } from '@docket/contracts/app-error';
import { isTerminalJob, type Job } from '@docket/contracts/jobs';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import { enqueueCallback } from './callbacks/enqueue-callback.ts';
import { findJobWithDocuments, lockJob, requireJobControl, scopeOf } from './job-rows.ts';
import type { JobDeps } from './job-deps.ts';
import { presentJob } from './present-job.ts';
import { txExecutor } from './tx-executor.ts';
import { addDelta, applyStatDeltas, emptyDeltas, moveDocuments, moveJob } from './stat-deltas.ts';

/**
 * Cancels a job of the caller's organisation: its queued documents become `cancelled` (their
 * queue jobs are skipped when delivered) and the job becomes `cancelled`. Documents already
 * processing finish and are counted, but the job stays cancelled.
 * @throws AppError not_found (missing or another organisation's job), forbidden (a member
 *   cancelling another member's job), already_terminal (409).
 */
export async function cancelJob(deps: Pick<JobDeps, 'db' | 'queue' | 'clock' | 'logger'>, caller: OrganizationCaller, jobId: string): Promise<Job> {
  const now = deps.clock();
  const cancelledDocuments = await deps.db.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId, scopeOf(caller));
    await requireJobControl(tx, caller, job, 'cancel');
    if (isTerminalJob(job.status)) throw new AppError('already_terminal', `job is already ${job.status}`);

    const { count } = await tx.document.updateMany({
      where: { jobId, status: 'queued' },
      data: { status: 'cancelled', completedAt: now, updatedAt: now },
    });
    const cancelled = await tx.job.update({
      where: { id: jobId },
      data: { status: 'cancelled', cancelledCount: { increment: count }, completedAt: now, updatedAt: now, error: 'cancelled by the user' },
    });

    const deltas = emptyDeltas();
    moveDocuments(deltas, 'queued', 'cancelled', count);
    moveJob(deltas, job.status, 'cancelled');
    addDelta(deltas.rollup, 'duration_ms_sum', now.getTime() - job.createdAt.getTime());
    await applyStatDeltas(tx, job, job, deltas);
    await enqueueCallback(txExecutor(tx), deps.queue, cancelled);
    return count;
  });
  deps.logger.info({ job_id: jobId, documents_cancelled: cancelledDocuments }, 'job cancelled');
  return presentJob(await findJobWithDocuments(deps.db, scopeOf(caller), jobId));
}
