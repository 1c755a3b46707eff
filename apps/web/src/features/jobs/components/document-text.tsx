import { useEffect, useRef } from 'react';
import type { Document } from '@docket/contracts/jobs';
import { CardSection } from '../../../components/card-section.tsx';
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
  const actions = (
    <>
      <button type="button" className="button small" onClick={download} disabled={!text.data}>
        Download .txt
      </button>
      <button type="button" className="button small" onClick={onClose}>
        Close
      </button>
    </>
  );

  return (
    <CardSection id="text-heading" title={`Text of ${document.filename}`} actions={actions} headingRef={heading}>
      {text.isPending ? <LoadingRows rows={3} /> : text.isError ? <ErrorState error={text.error} /> : <pre className="text-view" data-testid="document-text">{text.data}</pre>}
    </CardSection>
  );
}
