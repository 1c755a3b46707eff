import { Link } from 'react-router';
import { ErrorState, Skeleton } from '../../../components/states.tsx';
import { useHistoryStats } from '../api/get-history-stats.ts';
import { ActivitySection } from './activity-section.tsx';
import { JobsByStatusChart } from './jobs-by-status-chart.tsx';
import { MetricCards } from './metric-cards.tsx';
import { RecentActivity } from './recent-activity.tsx';

export function DashboardPage() {
  const stats = useHistoryStats();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Dashboard</h1>
          <p className="muted">Your whole history, exact.</p>
        </div>
        <Link className="button primary" to="/upload">
          Upload documents
        </Link>
      </div>
      {stats.isPending ? (
        <div className="grid metrics">
          {[1, 2, 3, 4].map((i) => (
            <div className="card" key={i}>
              <Skeleton width="60%" />
              <div style={{ height: '0.6rem' }} />
              <Skeleton height="2rem" width="40%" />
            </div>
          ))}
        </div>
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
