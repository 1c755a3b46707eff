import type { HistoryStats } from '@docket/contracts/history';
import { JOB_STATUSES } from '@docket/contracts/jobs';
import { CardSection } from '../../../components/card-section.tsx';
import { formatCount } from '../../../lib/format.ts';

/** Horizontal bars, scaled to the largest status; the numbers are in the text too. */
export function JobsByStatusChart({ byStatus }: { byStatus: HistoryStats['jobs_by_status'] }) {
  const max = Math.max(1, ...Object.values(byStatus));
  return (
    <CardSection id="by-status" title="Jobs by status">
      {JOB_STATUSES.map((status) => (
        <div className="bar-row" key={status}>
          <span>{status}</span>
          <div className="bar" aria-hidden="true">
            {/* The bar's length is the data; its colour is the status's class. */}
            <span className={status} style={{ width: `${(byStatus[status] / max) * 100}%` }} />
          </div>
          <span className="num" data-testid={`status-count-${status}`}>
            {formatCount(byStatus[status])}
          </span>
        </div>
      ))}
    </CardSection>
  );
}
