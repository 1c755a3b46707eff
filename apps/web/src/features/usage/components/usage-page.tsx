import { useState } from 'react';
import { nextPeriod, periodStart, type UsageMeter } from '@docket/contracts/usage';
import { ColumnChart } from '../../../components/column-chart.tsx';
import { QueryView } from '../../../components/states.tsx';
import { formatBytes, formatCount, formatDuration } from '../../../lib/format.ts';
import { useUsage } from '../api/get-usage.ts';

const METERS: Array<{ meter: UsageMeter; label: string; format: (n: number) => string }> = [
  { meter: 'documents_processed', label: 'Documents processed', format: formatCount },
  { meter: 'pages_processed', label: 'Pages', format: formatCount },
  { meter: 'bytes_processed', label: 'Data processed', format: formatBytes },
  { meter: 'processing_ms', label: 'Processing time', format: formatDuration },
  { meter: 'jobs_submitted', label: 'Jobs submitted', format: formatCount },
];


/** The user's metered usage (what billing counts), a month at a time, by UTC day. */
export function UsagePage() {
  const [month, setMonth] = useState(() => periodStart(new Date(), 'monthly'));
  const [meter, setMeter] = useState<UsageMeter>('documents_processed');
  const usage = useUsage(month);
  const current = METERS.find((m) => m.meter === meter)!;
  const isThisMonth = month.getTime() === periodStart(new Date(), 'monthly').getTime();

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Usage</h1>
          <p className="muted">What Docket metered for you, by UTC day: documents count on the day they finished, jobs on the day they were submitted.</p>
        </div>
        <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
          <button type="button" className="button small" onClick={() => setMonth(nextPeriod(month, 'monthly', -1))}>
            ← Previous
          </button>
          <strong data-testid="usage-month">{month.toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</strong>
          <button type="button" className="button small" disabled={isThisMonth} onClick={() => setMonth(nextPeriod(month, 'monthly'))}>
            Next →
          </button>
        </div>
      </div>
      <QueryView query={usage} loadingRows={6}>
        {(report) => (
          <>
            <section className="grid metrics" aria-label="Month totals" style={{ gridTemplateColumns: 'repeat(5, minmax(0, 1fr))' }}>
              {METERS.map((m) => (
                <button
                  type="button"
                  key={m.meter}
                  className="card"
                  aria-pressed={m.meter === meter}
                  onClick={() => setMeter(m.meter)}
                  style={{ textAlign: 'left', cursor: 'pointer', outline: m.meter === meter ? '2px solid var(--info)' : undefined }}
                  data-testid={`usage-${m.meter}`}
                >
                  <div className="metric-label">{m.label}</div>
                  <div className="metric-value">{m.format(report.totals[m.meter])}</div>
                </button>
              ))}
            </section>
            <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="usage-chart">
              <h2 id="usage-chart">{current.label} per day</h2>
              <ColumnChart
                label={`${current.label} per day`}
                format={current.format}
                columns={report.periods.map((period) => ({
                  key: period.period_start,
                  label: period.period_start.slice(0, 10),
                  segments: [{ name: current.label.toLowerCase(), value: period[meter], color: 'var(--info)' }],
                }))}
              />
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}
