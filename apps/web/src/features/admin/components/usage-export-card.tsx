import { useState, type FormEvent } from 'react';
import { nextPeriod, periodStart, USAGE_GRANULARITIES, type UsageGranularity } from '@docket/contracts/usage';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { formatBytes, formatCount } from '../../../lib/format.ts';
import { useDownloadUsageExport } from '../api/download-usage-export.ts';

/** `<input type="month">` values (YYYY-MM) ↔ the first day of the month, UTC. */
const monthInput = (date: Date) => date.toISOString().slice(0, 7);
const monthDate = (month: string) => new Date(`${month}-01T00:00:00.000Z`);
const day = (date: Date) => date.toISOString().slice(0, 10);

/** Every user's usage for a billing system, as a file: a month (or several) of closed periods. */
export function UsageExportCard() {
  const lastMonth = nextPeriod(periodStart(new Date(), 'monthly'), 'monthly', -1);
  const [fromMonth, setFromMonth] = useState(monthInput(lastMonth));
  const [toMonth, setToMonth] = useState(monthInput(lastMonth));
  const [granularity, setGranularity] = useState<UsageGranularity>('daily');
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [includeOpen, setIncludeOpen] = useState(false);
  const download = useDownloadUsageExport();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    download.mutate({ from: day(monthDate(fromMonth)), to: day(nextPeriod(monthDate(toMonth), 'monthly')), granularity, format, includeOpen });
  };

  return (
    <section className="card" style={{ marginTop: '1rem' }} aria-labelledby="billing-export">
      <h2 id="billing-export">Billing export</h2>
      <p className="muted">
        Every user&apos;s metered usage, one record per user, meter and period, with stable <code>record_id</code>s: importing the same months again never
        double-counts. Scripts use <code>docket usage export</code>.
      </p>
      <form onSubmit={submit}>
        <div className="toolbar" style={{ marginBottom: '0.75rem' }}>
          <div className="field">
            <label htmlFor="export-from">From month</label>
            <input id="export-from" type="month" value={fromMonth} onChange={(event) => setFromMonth(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="export-to">To month (included)</label>
            <input id="export-to" type="month" value={toMonth} min={fromMonth} onChange={(event) => setToMonth(event.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="export-granularity">Periods</label>
            <select id="export-granularity" value={granularity} onChange={(event) => setGranularity(event.target.value as UsageGranularity)}>
              {USAGE_GRANULARITIES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="export-format">Format</label>
            <select id="export-format" value={format} onChange={(event) => setFormat(event.target.value as 'csv' | 'jsonl')}>
              <option value="csv">CSV</option>
              <option value="jsonl">JSON lines</option>
            </select>
          </div>
        </div>
        <label style={{ fontWeight: 400, display: 'flex', gap: '0.5rem', alignItems: 'center', marginBottom: '0.75rem' }}>
          <input type="checkbox" style={{ width: 'auto' }} checked={includeOpen} onChange={(event) => setIncludeOpen(event.target.checked)} />
          Include periods that are still open (their numbers can still grow)
        </label>
        <button type="submit" className="button primary" disabled={download.isPending}>
          {download.isPending ? 'Exporting…' : 'Download'}
        </button>
      </form>
      {download.isPending && download.progress && (
        <p className="muted" role="status">
          {formatCount(download.progress.records)} records, {formatBytes(download.progress.bytes)} so far…
        </p>
      )}
      {download.isSuccess && (
        <p className="muted" role="status" data-testid="export-result">
          Saved {download.data.name}: {formatCount(download.data.records)} records{download.data.through ? `, closed periods through ${download.data.through.slice(0, 10)}` : ''}.
        </p>
      )}
      <ErrorAlert error={download.error} fallback="The export failed." />
    </section>
  );
}
