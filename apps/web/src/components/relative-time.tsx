import { formatRelativeTime } from '../lib/format.ts';

/** "5 minutes ago", with the exact instant on hover and for machines. */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {formatRelativeTime(iso)}
    </time>
  );
}
