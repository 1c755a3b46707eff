import { Link } from 'react-router';
import type { QueueStats } from '@docket/contracts/admin';
import { CardSection } from '../../../components/card-section.tsx';
import type { DataColumn } from '../../../components/data-table.tsx';
import { QueryTable } from '../../../components/query-table.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useQueues } from '../api/admin-queries.ts';

const COLUMNS: Array<DataColumn<QueueStats>> = [
  { header: 'Queue', cell: (queue) => <Link to={`/admin/queues/${queue.name}`}>{queue.name}</Link> },
  { header: 'Status', cell: (queue) => queue.status },
  { header: 'Pending', className: 'num', cell: (queue) => formatCount(queue.queue.pending) },
  { header: 'Processing', className: 'num', cell: (queue) => formatCount(queue.queue.processing) },
  { header: 'Completed', className: 'num', cell: (queue) => formatCount(queue.queue.completed) },
  { header: 'Failed', className: 'num', cell: (queue) => formatCount(queue.queue.failed) },
  { header: 'Avg ms', className: 'num hide-narrow', cell: (queue) => Math.round(queue.performance.average_execution_ms) },
];

/** Every queue with its backlog and how fast it runs; each links to its own page. */
export function QueuesCard() {
  const queues = useQueues();
  return (
    <CardSection id="queues" title="Queues">
      <QueryTable query={queues} loadingRows={2} label="Queues" columns={COLUMNS} rowKey={(queue) => queue.name} />
    </CardSection>
  );
}
