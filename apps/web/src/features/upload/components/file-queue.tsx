import { DataTable, type DataColumn } from '../../../components/data-table.tsx';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { formatBytes } from '../../../lib/format.ts';
import type { QueuedFile } from './upload-queue.ts';

/**
 * The files chosen for the next upload, each with what is wrong with it (if anything) and,
 * while it is sent, its own progress (`progress[i]`, 0–1); then Clear and Upload.
 */
export function FileQueue({
  queued,
  progress,
  uploading,
  ready,
  onRemove,
  onClear,
  onUpload,
}: {
  queued: QueuedFile[];
  progress: number[] | null;
  uploading: boolean;
  ready: boolean;
  onRemove: (index: number) => void;
  onClear: () => void;
  onUpload: () => void;
}) {
  const columns: Array<DataColumn<QueuedFile>> = [
    {
      header: 'File',
      cell: ({ file, problem }) => (
        <>
          {file.name}
          {problem && <div className="field-error">{problem}</div>}
        </>
      ),
    },
    { header: 'Size', className: 'num', cell: ({ file }) => formatBytes(file.size) },
    {
      header: 'Progress',
      className: 'col-progress',
      cell: ({ file }, i) => <ProgressBar value={progress?.[i] ?? 0} max={1} label={`Upload progress of ${file.name}`} tone={progress?.[i] === 1 ? 'done' : undefined} />,
    },
    {
      header: 'Remove',
      hiddenHeader: true,
      className: 'num',
      cell: ({ file }, i) => (
        <button type="button" className="button small" disabled={uploading} onClick={() => onRemove(i)} aria-label={`Remove ${file.name}`}>
          Remove
        </button>
      ),
    },
  ];
  return (
    <section className="card" aria-label="Files to upload">
      <DataTable label="Files to upload" columns={columns} rows={queued} rowKey={({ file }, i) => `${file.name}-${i}`} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClear} disabled={uploading}>
          Clear
        </button>
        <button type="button" className="button primary" onClick={onUpload} disabled={!ready}>
          {uploading ? 'Uploading…' : `Upload ${queued.length} file${queued.length === 1 ? '' : 's'}`}
        </button>
      </div>
    </section>
  );
}
