import type { AdminStats } from '@docket/contracts/admin';
import { MetricCard } from '../../../components/metric-card.tsx';
import { formatCount, formatPercent } from '../../../lib/format.ts';

/**
 * Users, jobs, the jobs running at this moment and the share of documents that failed, over
 * everyone. Queued work is not "running": the Queues card shows it, as each queue's Pending.
 */
export function SystemTotals({ stats }: { stats: AdminStats }) {
  const failed = stats.documents_by_status.failed;
  return (
    <section className="grid metrics" aria-label="System totals">
      <MetricCard label="Users" value={formatCount(stats.total_users)} testIdPrefix="admin" />
      <MetricCard label="Jobs" value={formatCount(stats.total_jobs)} testIdPrefix="admin" />
      <MetricCard label="Running now" value={formatCount(stats.by_status.running)} testIdPrefix="admin" />
      <MetricCard label="Documents failed" value={`${formatCount(failed)} (${formatPercent(failed, stats.total_documents)})`} testIdPrefix="admin" />
    </section>
  );
}
