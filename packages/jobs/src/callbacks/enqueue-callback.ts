import { randomUUID } from 'node:crypto';
import type { Tx } from '@docket/db/create-prisma';
import type { Job as JobRow } from '@docket/db/generated/prisma/client';
import type { JobQueue } from '@docket/queue/job-queue';
import { txExecutor } from '../tx-executor.ts';

/**
 * Called inside the transaction that made `job` terminal: if it has a callback_url, its
 * delivery is queued in that same transaction — sent exactly when the transition commits,
 * never from the request path. Each transition gets its own webhook-id (a retried job that
 * ends again is a new event); the attempts of one transition share it.
 */
export async function enqueueCallback(tx: Tx, queue: JobQueue, job: Pick<JobRow, 'id' | 'callbackUrl'>): Promise<void> {
  if (!job.callbackUrl) return;
  await queue.enqueueCallback(txExecutor(tx), { job_id: job.id, message_id: `msg_${randomUUID().replaceAll('-', '')}` });
}
