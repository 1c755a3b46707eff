import { useState } from 'react';
import type { CallbackDeliveryList } from '@docket/contracts/callbacks';
import { isTerminalJob, type Job } from '@docket/contracts/jobs';
import { CardSection } from '../../../components/card-section.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { QueryView } from '../../../components/states.tsx';
import { useDeliveries } from '../api/get-deliveries.ts';
import { useRedeliverCallback } from '../api/redeliver-callback.ts';
import { AttemptsTable } from './attempts-table.tsx';
import { useMayControlJob } from './may-control-job.ts';

/**
 * Every attempt to deliver the job's completion callback, newest first, and Send again for
 * those who may act on the job. Jobs submitted without a callback_url have no section at all.
 */
export function CallbackDeliveries({ job }: { job: Job }) {
  const { id: jobId, callback_url: callbackUrl } = job;
  const jobDone = isTerminalJob(job.status);
  const mayResend = useMayControlJob(job);
  const [awaitItems, setAwaitItems] = useState(0);
  const deliveries = useDeliveries(jobId, jobDone, callbackUrl !== null, awaitItems);
  const redeliver = useRedeliverCallback(jobId);
  if (callbackUrl === null) return null;
  const sendAgain = jobDone && mayResend && (
    <button type="button" className="button small" disabled={redeliver.isPending} onClick={() => redeliver.mutate(undefined, { onSuccess: () => setAwaitItems((deliveries.data?.items.length ?? 0) + 1) })}>
      Send again
    </button>
  );
  return (
    <CardSection id="deliveries" title="Callback deliveries" actions={sendAgain}>
      <ErrorAlert error={redeliver.error} fallback="Could not send the callback again." />
      <QueryView query={deliveries} loadingRows={1}>
        {(data) => (
          <>
            <p className="muted">
              To <code className="break-all">{callbackUrl}</code> — {deliveryState(data, jobDone)}
            </p>
            <AttemptsTable attempts={data.items} />
          </>
        )}
      </QueryView>
    </CardSection>
  );
}

function deliveryState(data: CallbackDeliveryList, jobDone: boolean): string {
  if (data.items.some((item) => item.error === null)) return 'delivered.';
  if (data.items.length > 0) return 'not delivered yet: failed attempts are retried with growing waits for 24 hours.';
  return jobDone ? 'on its way.' : 'sent when the job finishes.';
}
