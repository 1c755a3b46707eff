import { PageHead } from '../../../components/page-head.tsx';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { useAdminNarrowing } from '../api/admin-narrowing.ts';
import { useAdminStats } from '../api/admin-queries.ts';
import { OrganizationFilter } from './organization-filter.tsx';
import { QueuesCard } from './queues-card.tsx';
import { SystemTotals } from './system-totals.tsx';
import { UsageExportCard } from './usage-export-card.tsx';
import { WorkersCard } from './workers-card.tsx';

export function AdminPage() {
  const stats = useAdminStats();
  const { organizationId } = useAdminNarrowing();
  // The totals are the section's first question: an error there (e.g. not an admin) is the
  // page's answer — unless the page is narrowed, where the filter must stay to undo it.
  if (stats.isError && !organizationId) return <ErrorState error={stats.error} onRetry={() => stats.refetch()} />;
  return (
    <>
      <PageHead title="Admin">
        {organizationId ? 'One organisation, live: its jobs, its share of the queues and what the workers run for it.' : 'The whole system, live: every user\u2019s jobs, the queues and the workers.'}
      </PageHead>
      <OrganizationFilter />
      {stats.isError ? <ErrorState error={stats.error} onRetry={() => stats.refetch()} /> : stats.isPending ? <LoadingRows rows={2} /> : <SystemTotals stats={stats.data} narrowed={organizationId !== undefined} />}
      <QueuesCard kind="queue" />
      <QueuesCard kind="job_type" />
      <WorkersCard />
      <UsageExportCard />
    </>
  );
}
