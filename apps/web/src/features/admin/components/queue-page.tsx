import { Link, useParams } from 'react-router';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { formatCount, formatDateTime, formatPercent } from '../../../lib/format.ts';
import { useQueue } from '../api/admin-queries.ts';

export function QueuePage() {
  const { name = '' } = useParams();
  const queue = useQueue(name);
  if (queue.isPending) return <LoadingRows rows={6} />;
  if (queue.isError) return <ErrorState error={queue.error} onRetry={() => queue.refetch()} />;
  const { data } = queue;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link to="/admin">Admin</Link> / queues
          </p>
          <h1>{data.name}</h1>
          <p className="muted">
            {data.status}
            {data.schedule && ` · scheduled ${data.schedule.cron} (UTC) · next run ${formatDateTime(data.schedule.next_run)}`}
          </p>
        </div>
      </div>
      <section className="grid metrics" aria-label="Queue numbers">
        {[
          ['Pending', formatCount(data.queue.pending)],
          ['Processing', formatCount(data.queue.processing)],
          ['Average run', `${Math.round(data.performance.average_execution_ms)} ms`],
          ['Success rate', formatPercent(data.performance.success_rate, 1)],
        ].map(([label, value]) => (
          <div className="card" key={label}>
            <div className="metric-label">{label}</div>
            <div className="metric-value">{value}</div>
          </div>
        ))}
      </section>
      <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="executions">
        <h2 id="executions">Recent executions</h2>
        {data.recent_executions.length === 0 ? (
          <p className="state">Nothing has run yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Queue job</th>
                  <th>Status</th>
                  <th>Started</th>
                  <th>Finished</th>
                </tr>
              </thead>
              <tbody>
                {data.recent_executions.map((execution) => (
                  <tr key={execution.id}>
                    <td>
                      <code>{execution.id.slice(0, 8)}</code>
                    </td>
                    <td>{execution.status}</td>
                    <td className="muted">{formatDateTime(execution.started_at)}</td>
                    <td className="muted">{formatDateTime(execution.completed_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
