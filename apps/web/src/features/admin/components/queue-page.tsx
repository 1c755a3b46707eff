import { Link, useParams } from 'react-router';
import type { QueueStats } from '@docket/contracts/admin';
import { CardSection } from '../../../components/card-section.tsx';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { MetricCard } from '../../../components/metric-card.tsx';
import { PageHead } from '../../../components/page-head.tsx';
import { EmptyState, ErrorState, LoadingRows } from '../../../components/states.tsx';
import { formatCount, formatDateTime, formatPercent } from '../../../lib/format.ts';
import { useAdminNarrowing } from '../api/admin-narrowing.ts';
import { useQueue } from '../api/admin-queries.ts';

type Execution = QueueStats['recent_executions'][number];

/** A queue's executions are queue jobs; a job type's are jobs, each with its documents. */
const columnsOf = (kind: QueueStats['kind']): Array<DataColumn<Execution>> => [
  { header: kind === 'queue' ? 'Queue job' : 'Job', cell: (execution) => <code>{execution.id.slice(0, 8)}</code> },
  { header: 'Status', cell: (execution) => execution.status },
  ...(kind === 'job_type' ? [{ header: 'Documents done', className: 'num', cell: (execution: Execution) => formatCount(execution.items_processed) }] : []),
  { header: 'Started', cellClassName: 'muted', cell: (execution) => formatDateTime(execution.started_at) },
  { header: 'Finished', cellClassName: 'muted', cell: (execution) => formatDateTime(execution.completed_at) },
];

export function QueuePage() {
  const { name = '' } = useParams();
  const queue = useQueue(name);
  const { search, organizationId } = useAdminNarrowing();
  if (queue.isPending) return <LoadingRows rows={6} />;
  if (queue.isError) return <ErrorState error={queue.error} onRetry={() => queue.refetch()} />;
  const { data } = queue;
  return (
    <>
      <PageHead
        title={data.name}
        trail={
          <>
            <Link to={`/admin${search}`}>Admin</Link> / {data.kind === 'queue' ? 'queues' : 'job types'}
            {organizationId && ' · one organisation'}
          </>
        }
      >
        {data.status}
        {data.schedule && ` · scheduled ${data.schedule.cron} (UTC) · next run ${formatDateTime(data.schedule.next_run)}`}
      </PageHead>
      <section className="grid metrics" aria-label="Queue numbers">
        <MetricCard label="Pending" value={formatCount(data.queue.pending)} />
        <MetricCard label="Processing" value={formatCount(data.queue.processing)} />
        <MetricCard label="Average run" value={`${Math.round(data.performance.average_execution_ms)} ms`} />
        <MetricCard label="Success rate" value={formatPercent(data.performance.success_rate, 1)} />
      </section>
      <CardSection id="executions" title="Recent executions">
        <DataTable label="Recent executions" columns={columnsOf(data.kind)} rows={data.recent_executions} rowKey={(execution) => execution.id} empty={<EmptyState>Nothing has run yet.</EmptyState>} />
      </CardSection>
    </>
  );
}
