import type { AdminStats } from '@docket/contracts/admin';
import { MetricCard } from '../../../components/metric-card.tsx';
import { formatCount, formatPercent } from '../../../lib/format.ts';

/**
 * Users, jobs, the jobs running at this moment and the share of documents that failed, over
 * everyone — or, `narrowed` to an organisation, over its jobs, with its members as users.
 * Queued work is not "running": the Queues card shows it, as each queue's Pending.
 */
export function SystemTotals({ stats, narrowed = false }: { stats: AdminStats; narrowed?: boolean }) {
  const failed = stats.documents_by_status.failed;
  return (
    <section className="grid metrics" aria-label={narrowed ? 'Organisation totals' : 'System totals'}>
      <MetricCard label={narrowed ? 'Members' : 'Users'} value={formatCount(stats.total_users)} testIdPrefix="admin" />
      <MetricCard label="Jobs" value={formatCount(stats.total_jobs)} testIdPrefix="admin" />
      <MetricCard label="Running now" value={formatCount(stats.by_status.running)} testIdPrefix="admin" />
      <MetricCard label="Documents failed" value={`${formatCount(failed)} (${formatPercent(failed, stats.total_documents)})`} testIdPrefix="admin" />
    </section>
  );
}
