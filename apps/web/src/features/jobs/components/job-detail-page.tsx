import { useState } from 'react';
import { useParams } from 'react-router';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { useJob } from '../api/get-job.ts';
import { CallbackDeliveries } from './callback-deliveries.tsx';
import { DocumentText } from './document-text.tsx';
import { DocumentsCard } from './documents-card.tsx';
import { JobHead } from './job-head.tsx';
import { JobProgress } from './job-progress.tsx';

export function JobDetailPage() {
  const { jobId = '' } = useParams();
  const job = useJob(jobId);
  const [openDocument, setOpenDocument] = useState<string | null>(null);

  if (job.isPending) return <LoadingRows rows={6} />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => job.refetch()} />;
  const data = job.data;
  const shownDocument = data.documents.find((document) => document.id === openDocument);

  return (
    <>
      <JobHead job={data} />
      {data.error && <div className={`alert ${data.status === 'failed' ? 'error' : 'info'}`}>{data.error}</div>}
      <JobProgress job={data} />
      <DocumentsCard documents={data.documents} onViewText={setOpenDocument} />
      <CallbackDeliveries job={data} />
      {shownDocument && <DocumentText jobId={jobId} document={shownDocument} onClose={() => setOpenDocument(null)} />}
    </>
  );
}
