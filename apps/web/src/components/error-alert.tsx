import { errorMessage } from '../lib/error-message.ts';

/** The error of a failed action (a mutation), as an alert; nothing while there is none. */
export function ErrorAlert({ error, fallback }: { error: unknown; fallback: string }) {
  if (!error) return null;
  return (
    <div className="alert error" role="alert">
      {errorMessage(error, fallback)}
    </div>
  );
}
