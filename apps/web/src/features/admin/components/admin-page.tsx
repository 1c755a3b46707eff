import { PageHead } from '../../../components/page-head.tsx';
import { ErrorState, LoadingRows } from '../../../components/states.tsx';
import { useAdminStats } from '../api/admin-queries.ts';
import { QueuesCard } from './queues-card.tsx';
import { SystemTotals } from './system-totals.tsx';
import { UsageExportCard } from './usage-export-card.tsx';
import { WorkersCard } from './workers-card.tsx';

export function AdminPage() {
  const stats = useAdminStats();
  // The totals are the section's first question: an error there (e.g. not an admin) is the page's answer.
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => stats.refetch()} />;
  return (
    <>
      <PageHead title="Admin">The whole system, live: every user&apos;s jobs, the queues and the workers.</PageHead>
      {stats.isPending ? <LoadingRows rows={2} /> : <SystemTotals stats={stats.data} />}
      <QueuesCard kind="queue" />
      <QueuesCard kind="job_type" />
      <WorkersCard />
      <UsageExportCard />
    </>
  );
}
