import { useRef, useState } from 'react';

/** Where files are dropped, or clicked (Enter, Space) to choose them; hands over each non-empty choice. */
export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const add = (list: FileList | null) => {
    if (list?.length) onFiles(Array.from(list));
  };
  return (
    <div
      className={`dropzone ${over ? 'over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        add(event.dataTransfer.files);
      }}
      onClick={() => input.current?.click()}
      onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && input.current?.click()}
      role="button"
      tabIndex={0}
      aria-label="Choose files to upload, or drop them here"
    >
      <strong>Drop files here</strong> or click to choose
      <input ref={input} type="file" multiple hidden aria-label="Files" data-testid="file-input" onChange={(event) => add(event.target.files)} />
    </div>
  );
}
