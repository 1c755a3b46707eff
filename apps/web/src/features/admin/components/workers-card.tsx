import type { AdminWorkers } from '@docket/contracts/admin';
import { CardSection } from '../../../components/card-section.tsx';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { EmptyState, QueryView } from '../../../components/states.tsx';
import { formatBytes, formatCount } from '../../../lib/format.ts';
import { useWorkers } from '../api/admin-queries.ts';

type WorkerRow = { name: string; busy: number; retrying: number; revoked: number; stats: NonNullable<AdminWorkers['stats']>[string] };

const COLUMNS: Array<DataColumn<WorkerRow>> = [
  { header: 'Worker', cell: (worker) => <code>{worker.name}</code> },
  { header: 'Busy', className: 'num', cell: (worker) => `${worker.busy} / ${worker.stats.concurrency}` },
  { header: 'Retrying', className: 'num', cell: (worker) => formatCount(worker.retrying) },
  { header: 'Revoked', className: 'num hide-narrow', cell: (worker) => formatCount(worker.revoked) },
  { header: 'Processed', className: 'num', cell: (worker) => formatCount(worker.stats.processed) },
  { header: 'Failed', className: 'num', cell: (worker) => formatCount(worker.stats.failed) },
  { header: 'Memory', className: 'num hide-narrow', cell: (worker) => formatBytes(worker.stats.memory_rss_bytes) },
  { header: 'Started', className: 'hide-narrow', cellClassName: 'muted', cell: (worker) => <RelativeTime iso={worker.stats.started_at} /> },
  { header: 'Last heartbeat', className: 'hide-narrow', cellClassName: 'muted', cell: (worker) => <RelativeTime iso={worker.stats.last_heartbeat_at} /> },
];

const rowsOf = (workers: AdminWorkers): WorkerRow[] =>
  Object.entries(workers.stats ?? {}).map(([name, stats]) => ({
    name,
    stats,
    busy: workers.active?.[name]?.length ?? 0,
    retrying: workers.scheduled?.[name]?.length ?? 0,
    revoked: workers.revoked?.[name]?.length ?? 0,
  }));

/**
 * Every live worker (seen through its heartbeat): how busy it is, the retries waiting on its
 * failed attempts, the cancelled documents it skipped lately, what it did, its memory.
 */
export function WorkersCard() {
  const workers = useWorkers();
  return (
    <CardSection id="workers" title="Workers">
      <QueryView query={workers} loadingRows={2}>
        {(data) => (
          <DataTable
            label="Workers"
            columns={COLUMNS}
            rows={rowsOf(data)}
            rowKey={(worker) => worker.name}
            empty={
              <EmptyState>
                No worker is running. Start one with <code>pnpm worker</code> (or run Docket with RUN_WORKER=true).
              </EmptyState>
            }
          />
        )}
      </QueryView>
    </CardSection>
  );
}
