import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isTerminalJob } from '@docket/contracts/jobs';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { StatusBadge } from '../../../components/status-badge.tsx';
import { formatBytes, formatDateTime } from '../../../lib/format.ts';
import { useChangeJob } from '../api/change-job.ts';
import { useJob } from '../api/get-job.ts';
import { CallbackDeliveries } from './callback-deliveries.tsx';
import { DocumentText } from './document-text.tsx';

export function JobDetailPage() {
  const { jobId = '' } = useParams();
  const job = useJob(jobId);
  const cancel = useChangeJob(jobId, 'cancel');
  const retry = useChangeJob(jobId, 'retry');
  const [openDocument, setOpenDocument] = useState<string | null>(null);

  if (job.isPending) return <LoadingRows rows={6} />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => job.refetch()} />;
  const data = job.data;
  const active = !isTerminalJob(data.status);
  const failedDocuments = data.documents.filter((d) => d.status === 'failed').length;

  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted">
            <Link to="/jobs">Jobs</Link> / {data.id}
          </p>
          <h1>
            {data.job_type} job <StatusBadge status={data.status} />
          </h1>
          <p className="muted">
            Created {formatDateTime(data.created_at)} · finished {formatDateTime(data.completed_at)}
          </p>
        </div>
        <div style={{ display: 'flex', gap: '0.5rem' }}>
          {active && (
            <button type="button" className="button danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel job
            </button>
          )}
          {failedDocuments > 0 && (
            <button type="button" className="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
              Retry {failedDocuments} failed
            </button>
          )}
        </div>
      </div>
      <ErrorAlert error={cancel.error ?? retry.error} fallback="The action failed." />
      {data.error && <div className={`alert ${data.status === 'failed' ? 'error' : 'info'}`}>{data.error}</div>}
      <section className="card" aria-label="Progress">
        <div style={{ display: 'flex', gap: '1rem', alignItems: 'center' }}>
          <ProgressBar value={data.processed_count + data.failed_count} max={data.total_documents} label="Job progress" tone={data.status === 'completed' ? 'done' : undefined} />
          <span className="num" data-testid="job-counts">
            {data.processed_count} succeeded · {data.failed_count} failed · {data.total_documents} total
          </span>
        </div>
      </section>
      <section className="card" style={{ marginTop: '1rem' }}>
        <h2>Documents</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>File</th>
                <th>Status</th>
                <th className="num hide-narrow">Size</th>
                <th className="num">Pages</th>
                <th className="num">Words</th>
                <th className="hide-narrow">Language</th>
                <th>
                  <span className="sr-only">Text</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.documents.map((document) => (
                <tr key={document.id}>
                  <td>
                    {document.filename}
                    {document.error && <div className="field-error">{document.error}</div>}
                  </td>
                  <td>
                    <StatusBadge status={document.status} />
                  </td>
                  <td className="num hide-narrow">{formatBytes(document.size_bytes)}</td>
                  <td className="num">{document.page_count ?? '—'}</td>
                  <td className="num">{document.word_count ?? '—'}</td>
                  <td className="hide-narrow">{document.language ?? '—'}</td>
                  <td className="num">
                    {document.status === 'succeeded' && (
                      <button type="button" className="button small" onClick={() => setOpenDocument(document.id)}>
                        View text
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <CallbackDeliveries jobId={jobId} jobDone={!active} callbackUrl={data.callback_url} />
      {openDocument && (
        <DocumentText jobId={jobId} document={data.documents.find((d) => d.id === openDocument)!} onClose={() => setOpenDocument(null)} />
      )}
    </>
  );
}
