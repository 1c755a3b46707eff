import type { HistoryStats } from '@docket/contracts/history';
import { JOB_STATUSES } from '@docket/contracts/jobs';
import { formatCount } from '../../../lib/format.ts';

const COLORS: Record<string, string> = {
  queued: 'var(--idle)',
  processing: 'var(--info)',
  completed: 'var(--ok)',
  failed: 'var(--bad)',
  cancelled: 'var(--muted)',
};

/** Horizontal bars, scaled to the largest status; the numbers are in the text too. */
export function JobsByStatusChart({ byStatus }: { byStatus: HistoryStats['jobs_by_status'] }) {
  const max = Math.max(1, ...Object.values(byStatus));
  return (
    <section className="card" aria-labelledby="by-status">
      <h2 id="by-status">Jobs by status</h2>
      {JOB_STATUSES.map((status) => (
        <div className="bar-row" key={status}>
          <span>{status}</span>
          <div className="bar" aria-hidden="true">
            <span style={{ width: `${(byStatus[status] / max) * 100}%`, background: COLORS[status] }} />
          </div>
          <span className="num" data-testid={`status-count-${status}`}>
            {formatCount(byStatus[status])}
          </span>
        </div>
      ))}
    </section>
  );
}
