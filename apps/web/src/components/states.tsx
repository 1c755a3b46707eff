import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api-error.ts';
import { errorMessage } from '../lib/error-message.ts';

/** A shimmering placeholder; `shape` is `line` (a row of a list), `label` or `value` (a metric card's). */
export function Skeleton({ shape }: { shape?: 'line' | 'label' | 'value' }) {
  return <div className={shape ? `skeleton ${shape}` : 'skeleton'} aria-hidden="true" />;
}

export function LoadingRows({ rows = 5 }: { rows?: number }) {
  return (
    <div role="status" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} shape="line" />
      ))}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="state">{children}</div>;
}

/** A readable error with what to do next; never a stack. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = errorMessage(error, 'Something went wrong.');
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="state error" role="alert">
      <p>{message}</p>
      {requestId && <p className="muted">Request id: {requestId}</p>}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * The ladder every list on the dashboard shows for one query: skeleton rows while it loads,
 * a readable error with "Try again", else `children(data)` (a `DataTable` says when there is
 * nothing to list).
 */
export function QueryView<T>({ query, loadingRows = 3, children }: { query: UseQueryResult<T>; loadingRows?: number; children: (data: T) => ReactNode }) {
  if (query.isPending) return <LoadingRows rows={loadingRows} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}
