import type { Job as JobRow } from '@docket/db/generated/prisma/client';
import type { JobQueue, SqlExecutor } from '@docket/queue/job-queue';

/**
 * The webhook-id of a job's completion event: derived from the job and the moment it became
 * terminal, so every attempt and every redelivery of one event carries the same id without
 * storing it, and a retried job that ends again is a new event with a new id.
 */
export function callbackMessageId(job: Pick<JobRow, 'id' | 'completedAt'>): string {
  return `msg_${job.id.replaceAll('-', '')}_${job.completedAt!.getTime()}`;
}

/**
 * Called inside the transaction that made `job` terminal: if it has a callback_url, its
 * delivery is queued in that same transaction — sent exactly when the transition commits,
 * never from the request path.
 */
export async function enqueueCallback(executor: SqlExecutor, queue: JobQueue, job: Pick<JobRow, 'id' | 'callbackUrl' | 'completedAt'>): Promise<void> {
  if (!job.callbackUrl) return;
  await queue.enqueueCallback(executor, { job_id: job.id, message_id: callbackMessageId(job) });
}
