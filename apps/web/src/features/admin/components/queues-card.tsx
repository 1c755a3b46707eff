import { Link } from 'react-router';
import type { QueueStats } from '@docket/contracts/admin';
import { CardSection } from '../../../components/card-section.tsx';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { QueryView } from '../../../components/states.tsx';
import { formatCount } from '../../../lib/format.ts';
import { useAdminNarrowing } from '../api/admin-narrowing.ts';
import { useQueues } from '../api/admin-queries.ts';

/** The columns, each queue linking to its page narrowed as this one is (`search`). */
const columnsOf = (search: string): Array<DataColumn<QueueStats>> => [
  { header: 'Name', cell: (queue) => <Link to={`/admin/queues/${queue.name}${search}`}>{queue.name}</Link> },
  { header: 'Status', cell: (queue) => queue.status },
  { header: 'Pending', className: 'num', cell: (queue) => formatCount(queue.queue.pending) },
  { header: 'Processing', className: 'num', cell: (queue) => formatCount(queue.queue.processing) },
  { header: 'Completed', className: 'num', cell: (queue) => formatCount(queue.queue.completed) },
  { header: 'Failed', className: 'num', cell: (queue) => formatCount(queue.queue.failed) },
  { header: 'Avg ms', className: 'num hide-narrow', cell: (queue) => Math.round(queue.performance.average_execution_ms) },
];

const SECTIONS = {
  queue: { id: 'queues', title: 'Queues' },
  job_type: { id: 'job-types', title: 'Job types' },
} satisfies Record<QueueStats['kind'], { id: string; title: string }>;

/**
 * Docket's queues (`kind="queue"`: queue jobs) or the job types users submit
 * (`kind="job_type"`: jobs), with their backlog and how fast they run; each links to its own
 * page. Both read the one list the API answers.
 */
export function QueuesCard({ kind }: { kind: QueueStats['kind'] }) {
  const queues = useQueues();
  const { search } = useAdminNarrowing();
  const { id, title } = SECTIONS[kind];
  return (
    <CardSection id={id} title={title}>
      <QueryView query={queues} loadingRows={2}>
        {(data) => <DataTable label={title} columns={columnsOf(search)} rows={data.items.filter((queue) => queue.kind === kind)} rowKey={(queue) => queue.name} />}
      </QueryView>
    </CardSection>
  );
}
