import { useState } from 'react';
import type { HistoryAnalytics } from '@docket/contracts/history';
import type { HistoryScope } from '@docket/contracts/organizations';
import { CardSection } from '../../../components/card-section.tsx';
import { ColumnChart } from '../../../components/column-chart.tsx';
import { QueryView } from '../../../components/states.tsx';
import { formatCount, formatDuration, formatPercent } from '../../../lib/format.ts';
import { ACTIVITY_RANGES, useHistoryAnalytics, type ActivityRange } from '../api/get-history-analytics.ts';
import { RecentFailures } from './recent-failures.tsx';

function bucketLabel(iso: string, granularity: HistoryAnalytics['granularity']): string {
  const date = new Date(iso);
  return granularity === 'hourly' ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

/** Jobs over time (the analytics endpoint): stacked by outcome, with the range's key numbers and latest failures. */
export function ActivitySection({ scope, live }: { scope: HistoryScope; live: boolean }) {
  const [range, setRange] = useState<ActivityRange>('7d');
  const analytics = useHistoryAnalytics(scope, range, live);
  const rangeButtons = (
    <div role="group" aria-label="Range" className="button-group">
      {(Object.keys(ACTIVITY_RANGES) as ActivityRange[]).map((key) => (
        <button key={key} type="button" className={`button small${key === range ? ' primary' : ''}`} aria-pressed={key === range} onClick={() => setRange(key)}>
          {ACTIVITY_RANGES[key].label}
        </button>
      ))}
    </div>
  );
  return (
    <CardSection id="activity" title="Activity" actions={rangeButtons}>
      <QueryView query={analytics} loadingRows={4}>
        {(data) => (
          <>
            <p className="muted" data-testid="activity-summary">
              {formatCount(data.summary.total)} job{data.summary.total === 1 ? '' : 's'} · {formatPercent(data.summary.succeeded, data.summary.terminal)} succeeded · average{' '}
              {formatDuration(data.summary.average_duration_ms)} · {formatCount(data.summary.documents_processed)} documents, {formatCount(data.summary.pages_processed)} pages
            </p>
            <ColumnChart
              label={`Jobs per ${data.granularity === 'hourly' ? 'hour' : 'day'}`}
              format={formatCount}
              legend
              columns={data.time_series.map((bucket) => ({
                key: bucket.bucket_start,
                label: bucketLabel(bucket.bucket_start, data.granularity),
                segments: [
                  { name: 'succeeded', value: bucket.succeeded, color: 'var(--ok)' },
                  { name: 'failed', value: bucket.failed, color: 'var(--bad)' },
                  { name: 'cancelled', value: bucket.cancelled, color: 'var(--idle)' },
                  { name: 'in progress', value: bucket.total - bucket.succeeded - bucket.failed - bucket.cancelled, color: 'var(--info)' },
                ],
              }))}
            />
            <RecentFailures failures={data.recent_failures} />
          </>
        )}
      </QueryView>
    </CardSection>
  );
}
