import { useState, type FormEvent } from 'react';
import { nextPeriod, periodStart, USAGE_GRANULARITIES, type ExportFormat, type UsageGranularity } from '@docket/contracts/usage';
import { CardSection } from '../../../components/card-section.tsx';
import { ErrorAlert } from '../../../components/error-alert.tsx';
import { Field } from '../../../components/field.tsx';
import { SelectField } from '../../../components/select-field.tsx';
import { formatBytes, formatCount } from '../../../lib/format.ts';
import { useDownloadUsageExport } from '../api/download-usage-export.ts';

/** `<input type="month">` values (YYYY-MM) ↔ the first day of the month, UTC. */
const monthInput = (date: Date) => date.toISOString().slice(0, 7);
const monthDate = (month: string) => new Date(`${month}-01T00:00:00.000Z`);
const day = (date: Date) => date.toISOString().slice(0, 10);

const FORMATS: Array<{ value: ExportFormat; label: string }> = [
  { value: 'csv', label: 'CSV' },
  { value: 'jsonl', label: 'JSON lines' },
];

/** Every user's usage for a billing system, as a file: a month (or several) of closed periods. */
export function UsageExportCard() {
  const lastMonth = monthInput(nextPeriod(periodStart(new Date(), 'monthly'), 'monthly', -1));
  const [fromMonth, setFromMonth] = useState(lastMonth);
  const [toMonth, setToMonth] = useState(lastMonth);
  const [granularity, setGranularity] = useState<UsageGranularity>('daily');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [includeOpen, setIncludeOpen] = useState(false);
  const download = useDownloadUsageExport();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    download.mutate({ from: day(monthDate(fromMonth)), to: day(nextPeriod(monthDate(toMonth), 'monthly')), granularity, format, includeOpen });
  };

  return (
    <CardSection id="billing-export" title="Billing export">
      <p className="muted">
        Every user&apos;s metered usage, one record per user, meter and period, with stable <code>record_id</code>s: importing the same months again never
        double-counts. Scripts use <code>docket usage export</code>.
      </p>
      <form onSubmit={submit}>
        <div className="toolbar">
          <Field id="export-from" label="From month">
            <input id="export-from" type="month" value={fromMonth} onChange={(event) => setFromMonth(event.target.value)} required />
          </Field>
          <Field id="export-to" label="To month (included)">
            <input id="export-to" type="month" value={toMonth} min={fromMonth} onChange={(event) => setToMonth(event.target.value)} required />
          </Field>
          <SelectField id="export-granularity" label="Periods" value={granularity} options={USAGE_GRANULARITIES} onChange={setGranularity} />
          <SelectField id="export-format" label="Format" value={format} options={FORMATS} onChange={setFormat} />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={includeOpen} onChange={(event) => setIncludeOpen(event.target.checked)} />
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
    </CardSection>
  );
}
