import { Link } from 'react-router';
import { ErrorState, LoadingRows, QueryView } from '../../../components/states.tsx';
import { formatBytes, formatCount, formatPercent, formatRelativeTime } from '../../../lib/format.ts';
import { useAdminStats, useQueues, useWorkers } from '../api/admin-queries.ts';
import { UsageExportCard } from './usage-export-card.tsx';

export function AdminPage() {
  const stats = useAdminStats();
  const queues = useQueues();
  const workers = useWorkers();

  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => stats.refetch()} />;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Admin</h1>
          <p className="muted">The whole system, live: every user&apos;s jobs, the queues and the workers.</p>
        </div>
      </div>
      {stats.isPending ? (
        <LoadingRows rows={2} />
      ) : (
        <section className="grid metrics" aria-label="System totals">
          {[
            ['Users', formatCount(stats.data.total_users)],
            ['Jobs', formatCount(stats.data.total_jobs)],
            ['Running now', formatCount(stats.data.by_status.queued + stats.data.by_status.running)],
            ['Documents failed', `${formatCount(stats.data.documents_by_status.failed)} (${formatPercent(stats.data.documents_by_status.failed, stats.data.total_documents)})`],
          ].map(([label, value]) => (
            <div className="card" key={label} data-testid={`admin-${label!.toLowerCase().replace(/\s+/g, '-')}`}>
              <div className="metric-label">{label}</div>
              <div className="metric-value">{value}</div>
            </div>
          ))}
        </section>
      )}
      <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="queues">
        <h2 id="queues">Queues</h2>
        <QueryView query={queues} loadingRows={2}>
          {(queuesData) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Queue</th>
                    <th>Status</th>
                    <th className="num">Pending</th>
                    <th className="num">Processing</th>
                    <th className="num">Completed</th>
                    <th className="num">Failed</th>
                    <th className="num hide-narrow">Avg ms</th>
                  </tr>
                </thead>
                <tbody>
                  {queuesData.items.map((queue) => (
                    <tr key={queue.name}>
                      <td>
                        <Link to={`/admin/queues/${queue.name}`}>{queue.name}</Link>
                      </td>
                      <td>{queue.status}</td>
                      <td className="num">{formatCount(queue.queue.pending)}</td>
                      <td className="num">{formatCount(queue.queue.processing)}</td>
                      <td className="num">{formatCount(queue.queue.completed)}</td>
                      <td className="num">{formatCount(queue.queue.failed)}</td>
                      <td className="num hide-narrow">{Math.round(queue.performance.average_execution_ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
      <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="workers">
        <h2 id="workers">Workers</h2>
        <QueryView
          query={workers}
          loadingRows={2}
          empty={(data) =>
            !data.stats && (
              <p className="state">
                No worker is running. Start one with <code>pnpm worker</code> (or run Docket with RUN_WORKER=true).
              </p>
            )
          }
        >
          {(workersData) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Worker</th>
                    <th className="num">Busy</th>
                    <th className="num">Processed</th>
                    <th className="num">Failed</th>
                    <th className="num hide-narrow">Memory</th>
                    <th className="hide-narrow">Started</th>
                    <th className="hide-narrow">Last heartbeat</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(workersData.stats ?? {}).map(([name, worker]) => (
                    <tr key={name}>
                      <td>
                        <code>{name}</code>
                      </td>
                      <td className="num">
                        {workersData.active?.[name]?.length ?? 0} / {worker.concurrency}
                      </td>
                      <td className="num">{formatCount(worker.processed)}</td>
                      <td className="num">{formatCount(worker.failed)}</td>
                      <td className="num hide-narrow">{formatBytes(worker.memory_rss_bytes)}</td>
                      <td className="hide-narrow muted">{formatRelativeTime(worker.started_at)}</td>
                      <td className="hide-narrow muted">{formatRelativeTime(worker.last_heartbeat_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </section>
      <UsageExportCard />
    </>
  );
}
