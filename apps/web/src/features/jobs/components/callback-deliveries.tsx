import { useState } from 'react';
import type { CallbackDeliveryList } from '@docket/contracts/callbacks';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { QueryView } from '../../../components/states.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useDeliveries } from '../api/get-deliveries.ts';
import { useRedeliverCallback } from '../api/redeliver-callback.ts';

/**
 * Every attempt to deliver the job's completion callback, newest first. Jobs submitted
 * without a callback_url have no section at all.
 */
export function CallbackDeliveries({ jobId, jobDone, callbackUrl }: { jobId: string; jobDone: boolean; callbackUrl: string | null }) {
  const [awaitItems, setAwaitItems] = useState(0);
  const deliveries = useDeliveries(jobId, jobDone, callbackUrl !== null, awaitItems);
  const redeliver = useRedeliverCallback(jobId);
  if (callbackUrl === null) return null;
  return (
    <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="deliveries">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '1rem' }}>
        <h2 id="deliveries">Callback deliveries</h2>
        {jobDone && (
          <button type="button" className="button small" disabled={redeliver.isPending} onClick={() => redeliver.mutate(undefined, { onSuccess: () => setAwaitItems((deliveries.data?.items.length ?? 0) + 1) })}>
            Send again
          </button>
        )}
      </div>
      <ErrorAlert error={redeliver.error} fallback="Could not send the callback again." />
      <QueryView query={deliveries} loadingRows={1}>
        {(data) => (
          <>
            <p className="muted">
              To <code style={{ wordBreak: 'break-all' }}>{callbackUrl}</code> — {deliveryState(data, jobDone)}
            </p>
            {data.items.length > 0 && <AttemptsTable items={data.items} />}
          </>
        )}
      </QueryView>
    </section>
  );
}

function deliveryState(data: CallbackDeliveryList, jobDone: boolean): string {
  if (data.items.some((item) => item.error === null)) return 'delivered.';
  if (data.items.length > 0) return 'not delivered yet: failed attempts are retried with growing waits for 24 hours.';
  return jobDone ? 'on its way.' : 'sent when the job finishes.';
}

function AttemptsTable({ items }: { items: CallbackDeliveryList['items'] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th className="num">Attempt</th>
            <th>Result</th>
            <th className="num">Took</th>
            <th className="hide-narrow">When</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.message_id}-${item.attempt}`}>
              <td className="num">{item.attempt}</td>
              <td>
                <span className={`badge ${item.error === null ? 'completed' : 'failed'}`}>{item.status_code ?? 'no answer'}</span>
                {item.error && <div className="field-error">{item.error}</div>}
                {item.response_excerpt && (
                  <div className="muted" style={{ fontSize: '0.8rem' }}>
                    {item.response_excerpt}
                  </div>
                )}
              </td>
              <td className="num">{item.duration_ms} ms</td>
              <td className="hide-narrow muted">{formatDateTime(item.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
