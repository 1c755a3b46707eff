import { useEffect, useRef } from 'react';
import type { Document } from '@docket/contracts/jobs';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { useDocumentText } from '../api/get-document-text.ts';

/** The extracted text of one document, with a download of it as a .txt file. */
export function DocumentText({ jobId, document, onClose }: { jobId: string; document: Document; onClose: () => void }) {
  const text = useDocumentText(jobId, document.id);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [document.id]);

  const download = () => {
    const url = URL.createObjectURL(new Blob([text.data ?? ''], { type: 'text/plain;charset=utf-8' }));
    const link = Object.assign(window.document.createElement('a'), { href: url, download: `${document.filename.replace(/\.[^.]+$/, '')}.txt` });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="text-heading">
      <div className="page-head" style={{ marginBottom: '0.75rem' }}>
        <h2 id="text-heading" tabIndex={-1} ref={heading}>
          Text of {document.filename}
        </h2>
        <div style={{ display: 'flex', gap: '0.5rem' }}>
          <button type="button" className="button small" onClick={download} disabled={!text.data}>
            Download .txt
          </button>
          <button type="button" className="button small" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {text.isPending ? <LoadingRows rows={3} /> : text.isError ? <ErrorState error={text.error} /> : <pre className="text-view" data-testid="document-text">{text.data}</pre>}
    </section>
  );
}
