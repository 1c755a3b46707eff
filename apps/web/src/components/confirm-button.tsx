import type { ReactNode } from 'react';

/** A small danger button that acts only once the user confirms `question` (revoking, deleting, rotating). */
export function ConfirmButton({ question, onConfirm, disabled, children }: { question: string; onConfirm: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button type="button" className="button small danger" disabled={disabled} onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </button>
  );
}
