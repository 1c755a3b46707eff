import { useState } from 'react';
import { Link } from 'react-router';
import type { HistoryScope } from '@docket/contracts/organizations';
import { PageHead } from '../../../components/page-head.tsx';
import { ErrorState } from '../../../components/states.tsx';
import { organizationLabel, useActiveOrganization } from '../../../lib/active-organization.ts';
import { useHistoryStats } from '../api/get-history-stats.ts';
import { ActivitySection } from './activity-section.tsx';
import { JobsByStatusChart } from './jobs-by-status-chart.tsx';
import { MetricCards } from './metric-cards.tsx';
import { MetricCardsSkeleton } from './metric-cards-skeleton.tsx';
import { RecentActivity } from './recent-activity.tsx';
import { ScopeSwitch } from './scope-switch.tsx';

export function DashboardPage() {
  const organization = useActiveOrganization();
  const [scope, setScope] = useState<HistoryScope>('organization');
  const stats = useHistoryStats(scope);
  const whose = scope === 'user' ? 'The jobs you submitted, in every organisation' : organization.personal ? 'Your personal jobs' : `Every member’s jobs in ${organizationLabel(organization)}`;
  return (
    <>
      <PageHead
        title="Dashboard"
        actions={
          <div className="actions">
            <ScopeSwitch scope={scope} onChange={setScope} />
            <Link className="button primary" to="/upload">
              Upload documents
            </Link>
          </div>
        }
      >
        {whose}: the whole history, exact.
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
          <ActivitySection scope={scope} live={stats.data.jobs_by_status.queued + stats.data.jobs_by_status.processing > 0} />
        </>
      )}
    </>
  );
}
