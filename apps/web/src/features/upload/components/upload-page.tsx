import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import type { Job } from '@docket/contracts/jobs';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { queryRoots } from '../../../lib/query-roots.ts';
import { formatBytes } from '../../../lib/format.ts';
import { useUploadLimits } from '../api/get-upload-limits.ts';
import { uploadFiles } from '../api/upload-files.ts';
import { checkFiles, perFileProgress } from './upload-queue.ts';

type Phase = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'done'; job: Job } | { kind: 'failed'; message: string };

export function UploadPage() {
  const limits = useUploadLimits();
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();

  if (limits.isError) return <ErrorState error={limits.error} onRetry={() => limits.refetch()} />;
  const check = limits.data ? checkFiles(files, limits.data) : { queued: files.map((file) => ({ file, problem: null })), problem: null };
  const blocked = files.length === 0 || !limits.data || check.problem !== null || check.queued.some((q) => q.problem) || phase.kind === 'uploading';
  const progress = phase.kind === 'uploading' ? perFileProgress(files.map((f) => f.size), phase.loaded, phase.total) : null;

  const add = (list: FileList | null) => {
    if (!list?.length) return;
    setPhase({ kind: 'idle' });
    setFiles((current) => [...current, ...Array.from(list)]);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer.files);
  };
  const start = async () => {
    setPhase({ kind: 'uploading', loaded: 0, total: 1 });
    try {
      const job = await uploadFiles(files, (loaded, total) => setPhase({ kind: 'uploading', loaded, total }));
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
      <div className="page-head">
        <div>
          <h1>Upload</h1>
          <p className="muted">
            PDF, DOCX, HTML and text files{limits.data && `, up to ${formatBytes(limits.data.max_file_size_bytes)} each and ${limits.data.max_files} per upload`}. One file makes a
            single job, several make a batch.
          </p>
        </div>
      </div>
      {phase.kind === 'done' && (
        <div className="alert info" role="status">
          Uploaded: {phase.job.total_documents} document{phase.job.total_documents === 1 ? '' : 's'} queued. <Link to={`/jobs/${phase.job.id}`}>Open the job</Link>
        </div>
      )}
      {phase.kind === 'failed' && (
        <div className="alert error" role="alert">
          {phase.message}
        </div>
      )}
      <div
        className={`dropzone ${over ? 'over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        onClick={() => input.current?.click()}
        onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && input.current?.click()}
        role="button"
        tabIndex={0}
        aria-label="Choose files to upload, or drop them here"
      >
        <strong>Drop files here</strong> or click to choose
        <input ref={input} type="file" multiple hidden aria-label="Files" data-testid="file-input" onChange={(event) => add(event.target.files)} />
      </div>
      {check.problem && (
        <div className="alert error" role="alert" style={{ marginTop: '1rem' }}>
          {check.problem}
        </div>
      )}
      {files.length > 0 && (
        <section className="card" style={{ marginTop: '1rem' }} aria-label="Files to upload">
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>File</th>
                  <th className="num">Size</th>
                  <th>Progress</th>
                  <th>
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {check.queued.map(({ file, problem }, i) => (
                  <tr key={`${file.name}-${i}`}>
                    <td>
                      {file.name}
                      {problem && <div className="field-error">{problem}</div>}
                    </td>
                    <td className="num">{formatBytes(file.size)}</td>
                    <td style={{ width: '30%' }}>
                      <ProgressBar value={progress?.[i] ?? 0} max={1} label={`Upload progress of ${file.name}`} tone={progress?.[i] === 1 ? 'done' : undefined} />
                    </td>
                    <td className="num">
                      <button
                        type="button"
                        className="button small"
                        disabled={phase.kind === 'uploading'}
                        onClick={() => setFiles((current) => current.filter((_, index) => index !== i))}
                        aria-label={`Remove ${file.name}`}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: '0.5rem', marginTop: '1rem' }}>
            <button type="button" className="button" onClick={() => setFiles([])} disabled={phase.kind === 'uploading'}>
              Clear
            </button>
            <button type="button" className="button primary" onClick={start} disabled={blocked}>
              {phase.kind === 'uploading' ? 'Uploading…' : `Upload ${files.length} file${files.length === 1 ? '' : 's'}`}
            </button>
          </div>
        </section>
      )}
    </>
  );
}
