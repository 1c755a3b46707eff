import type { Document } from '@docket/contracts/jobs';
import { CardSection } from '../../../components/card-section.tsx';
import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { formatBytes } from '../../../lib/format.ts';

/** The job's documents with what extraction found, and a way to read the text of each that succeeded. */
export function DocumentsCard({ documents, onViewText }: { documents: Document[]; onViewText: (documentId: string) => void }) {
  const columns: Array<DataColumn<Document>> = [
    {
      header: 'File',
      cell: (document) => (
        <>
          {document.filename}
          {document.error && <div className="field-error">{document.error}</div>}
        </>
      ),
    },
    { header: 'Status', cell: (document) => <StatusBadge status={document.status} /> },
    { header: 'Size', className: 'num hide-narrow', cell: (document) => formatBytes(document.size_bytes) },
    { header: 'Pages', className: 'num', cell: (document) => document.page_count ?? '—' },
    { header: 'Words', className: 'num', cell: (document) => document.word_count ?? '—' },
    { header: 'Language', className: 'hide-narrow', cell: (document) => document.language ?? '—' },
    {
      header: 'Text',
      hiddenHeader: true,
      className: 'num',
      cell: (document) =>
        document.status === 'succeeded' && (
          <button type="button" className="button small" onClick={() => onViewText(document.id)}>
            View text
          </button>
        ),
    },
  ];
  return (
    <CardSection id="documents" title="Documents">
      <DataTable label="Documents" columns={columns} rows={documents} rowKey={(document) => document.id} />
    </CardSection>
  );
}
