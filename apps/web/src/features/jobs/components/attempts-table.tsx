import type { CallbackDelivery } from '@docket/contracts/callbacks';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { formatDateTime } from '../../../lib/format.ts';

const COLUMNS: Array<DataColumn<CallbackDelivery>> = [
  { header: 'Attempt', className: 'num', cell: (item) => item.attempt },
  {
    header: 'Result',
    cell: (item) => (
      <>
        <span className={`badge ${item.error === null ? 'completed' : 'failed'}`}>{item.status_code ?? 'no answer'}</span>
        {item.error && <div className="field-error">{item.error}</div>}
        {item.response_excerpt && <div className="muted fine-print">{item.response_excerpt}</div>}
      </>
    ),
  },
  { header: 'Took', className: 'num', cell: (item) => `${item.duration_ms} ms` },
  { header: 'When', className: 'hide-narrow', cellClassName: 'muted', cell: (item) => formatDateTime(item.created_at) },
];

/** The callback's delivery attempts, newest first; nothing before the first one. */
export function AttemptsTable({ attempts }: { attempts: CallbackDelivery[] }) {
  return <DataTable label="Delivery attempts" columns={COLUMNS} rows={attempts} rowKey={(item) => `${item.message_id}-${item.attempt}`} empty={null} />;
}
