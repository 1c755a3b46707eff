import type { AdminStats } from '@docket/contracts/admin';
import { MetricCard } from '../../../components/metric-card.tsx';
import { formatCount, formatPercent } from '../../../lib/format.ts';

/** Users, jobs, the jobs not finished yet and the share of documents that failed, over everyone. */
export function SystemTotals({ stats }: { stats: AdminStats }) {
  const failed = stats.documents_by_status.failed;
  return (
    <section className="grid metrics" aria-label="System totals">
      <MetricCard label="Users" value={formatCount(stats.total_users)} testIdPrefix="admin" />
      <MetricCard label="Jobs" value={formatCount(stats.total_jobs)} testIdPrefix="admin" />
      <MetricCard label="Running now" value={formatCount(stats.by_status.queued + stats.by_status.running)} testIdPrefix="admin" />
      <MetricCard label="Documents failed" value={`${formatCount(failed)} (${formatPercent(failed, stats.total_documents)})`} testIdPrefix="admin" />
    </section>
  );
}
