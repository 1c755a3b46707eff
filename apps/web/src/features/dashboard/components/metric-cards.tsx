import type { HistoryStats } from '@docket/contracts/history';
import { MetricCard } from '../../../components/metric-card.tsx';
import { formatCount, formatPercent } from '../../../lib/format.ts';

/** Success rate over documents that finished (succeeded + failed); "—" before any did. */
export function metricCards(stats: HistoryStats) {
  const finished = stats.documents_processed + stats.documents_failed;
  return [
    { label: 'Total jobs', value: formatCount(stats.total_jobs) },
    { label: 'Documents processed', value: `${formatCount(stats.documents_processed)} / ${formatCount(stats.total_documents)}` },
    { label: 'Success rate', value: formatPercent(stats.documents_processed, finished) },
    { label: 'Failed documents', value: formatCount(stats.documents_failed) },
  ];
}

export function MetricCards({ stats }: { stats: HistoryStats }) {
  return (
    <section className="grid metrics" aria-label="Key numbers">
      {metricCards(stats).map((metric) => (
        <MetricCard key={metric.label} label={metric.label} value={metric.value} testIdPrefix="metric" />
      ))}
    </section>
  );
}
