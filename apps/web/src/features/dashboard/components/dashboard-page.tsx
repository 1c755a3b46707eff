import { Link } from 'react-router';
import { PageHead } from '../../../components/page-head.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { useHistoryStats } from '../api/get-history-stats.ts';
import { ActivitySection } from './activity-section.tsx';
import { JobsByStatusChart } from './jobs-by-status-chart.tsx';
import { MetricCards } from './metric-cards.tsx';
import { MetricCardsSkeleton } from './metric-cards-skeleton.tsx';
import { RecentActivity } from './recent-activity.tsx';

export function DashboardPage() {
  const stats = useHistoryStats();
  return (
    <>
      <PageHead
        title="Dashboard"
        actions={
          <Link className="button primary" to="/upload">
            Upload documents
          </Link>
        }
      >
        Your whole history, exact.
      </PageHead>
      {stats.isPending ? (
        <MetricCardsSkeleton />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
      ) : (
        <>
          <MetricCards stats={stats.data} />
          <div className="grid two-col">
            <JobsByStatusChart byStatus={stats.data.jobs_by_status} />
            <RecentActivity jobs={stats.data.recent_activity} />
          </div>
          <ActivitySection live={stats.data.jobs_by_status.queued + stats.data.jobs_by_status.processing > 0} />
        </>
      )}
    </>
  );
}
