import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHead } from '../../../components/page-head.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { organizationLabel, useActiveOrganization } from '../../../lib/active-organization.ts';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatBytes } from '../../../lib/format.ts';
import { queryRoots } from '../../../lib/query-roots.ts';
import { useUploadLimits } from '../api/get-upload-limits.ts';
import { uploadFiles } from '../api/upload-files.ts';
import { DropZone } from './drop-zone.tsx';
import { FileQueue } from './file-queue.tsx';
import { UploadOutcome, type UploadPhase } from './upload-outcome.tsx';
import { checkFiles, perFileProgress } from './upload-queue.ts';

export function UploadPage() {
  const limits = useUploadLimits();
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<UploadPhase>({ kind: 'idle' });
  const queryClient = useQueryClient();
  const organization = useActiveOrganization();

  if (limits.isError) return <ErrorState error={limits.error} onRetry={() => limits.refetch()} />;
  const check = limits.data ? checkFiles(files, limits.data) : { queued: files.map((file) => ({ file, problem: null })), problem: null };
  const uploading = phase.kind === 'uploading';
  const ready = files.length > 0 && limits.data !== undefined && check.problem === null && !check.queued.some((q) => q.problem) && !uploading;

  const add = (chosen: File[]) => {
    setPhase({ kind: 'idle' });
    setFiles((current) => [...current, ...chosen]);
  };
  const start = async () => {
    setPhase({ kind: 'uploading', loaded: 0, total: 1 });
    try {
      const job = await uploadFiles(files, organization.id, (loaded, total) => setPhase({ kind: 'uploading', loaded, total }));
      setPhase({ kind: 'done', job });
      setFiles([]);
      await queryClient.invalidateQueries({ queryKey: queryRoots.history });
      await queryClient.invalidateQueries({ queryKey: queryRoots.jobs });
    } catch (error) {
      setPhase({ kind: 'failed', message: errorMessage(error, 'The upload failed.') });
    }
  };

  return (
    <>
      <PageHead title="Upload">
        PDF, DOCX, HTML and text files{limits.data && `, up to ${formatBytes(limits.data.max_file_size_bytes)} each and ${limits.data.max_files} per upload`}. One file makes a
        single job, several make a batch, in {organizationLabel(organization)}.
      </PageHead>
      <UploadOutcome phase={phase} />
      <DropZone onFiles={add} />
      {check.problem && (
        <div className="alert error" role="alert">
          {check.problem}
        </div>
      )}
      {files.length > 0 && (
        <FileQueue
          queued={check.queued}
          progress={uploading ? perFileProgress(files.map((f) => f.size), phase.loaded, phase.total) : null}
          uploading={uploading}
          ready={ready}
          onRemove={(index) => setFiles((current) => current.filter((_, i) => i !== index))}
          onClear={() => setFiles([])}
          onUpload={start}
        />
      )}
    </>
  );
}
