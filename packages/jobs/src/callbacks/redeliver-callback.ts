import { AppError } from '@docket/contracts/app-error';
import type { RedeliveryAccepted } from '@docket/contracts/callbacks';
import { isTerminalJob } from '@docket/contracts/jobs';
import type { OrganizationCaller } from '@docket/contracts/organizations';
import type { JobDeps } from '../job-deps.ts';
import { lockJob, requireJobControl, scopeOf } from '../job-rows.ts';
import { txExecutor } from '../tx-executor.ts';
import { callbackMessageId } from './enqueue-callback.ts';

/**
 * Sends a finished job's callback again on the user's request — after fixing a receiver
 * that made the automatic retries give up, say. The delivery carries the webhook-id of the
 * job's latest event (a receiver that already handled it can skip it) and records its
 * attempts after the earlier ones, with the same retry policy.
 * @throws AppError not_found; nothing_to_deliver (409) while the job runs or without a callback_url.
 */
export async function redeliverCallback(deps: Pick<JobDeps, 'db' | 'queue' | 'logger'>, caller: OrganizationCaller, jobId: string): Promise<RedeliveryAccepted> {
  const accepted = await deps.db.$transaction(async (tx) => {
    const job = await lockJob(tx, jobId, scopeOf(caller));
    await requireJobControl(tx, caller, job, 'send callbacks again for');
    if (!job.callbackUrl) throw new AppError('nothing_to_deliver', 'this job was submitted without a callback_url');
    if (!isTerminalJob(job.status)) throw new AppError('nothing_to_deliver', `the job is ${job.status}: its callback is sent when it finishes`);
    const messageId = callbackMessageId(job);
    await deps.queue.enqueueCallback(txExecutor(tx), { job_id: jobId, message_id: messageId });
    return { message_id: messageId };
  });
  deps.logger.info({ job_id: jobId, message_id: accepted.message_id }, 'callback queued for delivery again');
  return accepted;
}
