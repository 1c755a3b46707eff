import { CopyButton } from './copy-button.tsx';

/** A value shown once (a new token, a signing secret) in a read-only field, with a button that copies it. */
export function CopyableValue({ value, id, label, testId }: { value: string; id?: string; label?: string; testId: string }) {
  return (
    <div className="input-row">
      <input id={id} readOnly value={value} aria-label={label} data-testid={testId} />
      <CopyButton text={value} label="Copy" />
    </div>
  );
}
